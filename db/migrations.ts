/**
 * Schema migrations, applied in order, each once, inside a transaction.
 * Append only: never edit a migration that has shipped.
 */
export interface Migration {
  id: number;
  name: string;
  sql: string;
  /** Rebuild the file once after it (VACUUM), so that nothing it or earlier versions deleted is left in free pages. */
  vacuum?: boolean;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: "initial",
    sql: /* sql */ `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- Offline gazetteer: AU postcodes/suburbs, NZ towns/suburbs and NZ postcode areas.
      CREATE TABLE places (
        id TEXT PRIMARY KEY,
        country TEXT NOT NULL CHECK (country IN ('AU', 'NZ')),
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        region TEXT NOT NULL,
        postcode TEXT,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        source TEXT NOT NULL
      );
      CREATE INDEX places_by_name ON places (country, name_key);
      CREATE INDEX places_by_postcode ON places (country, postcode);

      CREATE TABLE groups (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        suburb TEXT NOT NULL,
        region TEXT NOT NULL,
        country TEXT NOT NULL CHECK (country IN ('AU', 'NZ')),
        lat REAL,
        lon REAL,
        format TEXT NOT NULL CHECK (format IN ('in_person', 'online', 'hybrid')),
        status TEXT NOT NULL CHECK (status IN ('forming', 'open', 'full', 'closed')),
        capacity INTEGER NOT NULL CHECK (capacity > 0),
        rhythm TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        convenor_first_name TEXT NOT NULL,
        convenor_email TEXT NOT NULL,
        is_demo INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        CHECK (format = 'online' OR (lat IS NOT NULL AND lon IS NOT NULL))
      );
      CREATE INDEX groups_by_status ON groups (status, format);

      -- Server-owned wizard state: the machine's persisted snapshot, keyed by an opaque id.
      CREATE TABLE wizard_sessions (
        id TEXT PRIMARY KEY,
        snapshot TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      CREATE TABLE join_requests (
        id INTEGER PRIMARY KEY,
        public_id TEXT NOT NULL UNIQUE,
        group_id INTEGER NOT NULL REFERENCES groups (id),
        wizard_session_id TEXT NOT NULL,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        hopes TEXT NOT NULL,
        answers TEXT NOT NULL,
        outcome TEXT NOT NULL,
        reasons TEXT NOT NULL,
        rule_version TEXT NOT NULL,
        distance_km REAL,
        consented_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'meet_first', 'declined')),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (wizard_session_id, group_id)
      );

      CREATE TABLE newsletter_signups (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        interests TEXT NOT NULL,
        country TEXT,
        place TEXT,
        area_id TEXT,
        lat REAL,
        lon REAL,
        distance_km INTEGER,
        accepts_online INTEGER NOT NULL DEFAULT 0,
        outcome TEXT,
        reasons TEXT,
        rule_version TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
    `,
  },
  {
    id: 2,
    name: "email-outbox-and-tokens",
    sql: /* sql */ `
      -- Every email is written here in the same transaction as what caused it,
      -- then sent by the worker. message_id is the RFC 5322 Message-ID: a retry
      -- after a crash sends the same id, so receivers can tell it is the same message.
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        message_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        dedupe_key TEXT UNIQUE,
        to_address TEXT NOT NULL,
        subject TEXT NOT NULL,
        text_body TEXT NOT NULL,
        html_body TEXT NOT NULL,
        headers TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        last_error TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        sent_at TEXT
      );
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

      -- Single-use, expiring tokens behind emailed links. The link carries the id
      -- and an HMAC; the row says what it is for and whether it was used.
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        subject TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}',
        expires_at TEXT NOT NULL,
        used_at TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE INDEX tokens_by_subject ON tokens (purpose, subject);

      ALTER TABLE newsletter_signups ADD COLUMN confirmed_at TEXT;
      ALTER TABLE newsletter_signups ADD COLUMN unsubscribed_at TEXT;
      ALTER TABLE join_requests ADD COLUMN decided_at TEXT;
      ALTER TABLE join_requests ADD COLUMN reminded_at TEXT;
      ALTER TABLE join_requests ADD COLUMN escalated_at TEXT;
    `,
  },
  {
    id: 3,
    name: "newsletter-waiting-list-and-recheck-reminders",
    sql: /* sql */ `
      -- "Tell me when a group starts near me": set while a sign-up is on the
      -- waiting list for its area (the point, distance and accepts_online it holds).
      ALTER TABLE newsletter_signups ADD COLUMN waiting_since TEXT;
      CREATE INDEX newsletter_waiting ON newsletter_signups (waiting_since) WHERE waiting_since IS NOT NULL;

      -- "Not yet": one reminder to check again after some months. The address
      -- is cleared once the reminder is sent or cancelled.
      CREATE TABLE recheck_reminders (
        id INTEGER PRIMARY KEY,
        email TEXT,
        months INTEGER NOT NULL CHECK (months IN (3, 6, 12)),
        due_at TEXT NOT NULL,
        sent_at TEXT,
        cancelled_at TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE INDEX recheck_reminders_due ON recheck_reminders (due_at) WHERE sent_at IS NULL AND cancelled_at IS NULL;
    `,
  },
  {
    id: 4,
    name: "shared-rate-limits-and-recipient-caps",
    sql: /* sql */ `
      -- Per-client request counts, shared by every HTTP process. The client is
      -- an HMAC of its address (never the address itself); rows live one window.
      CREATE TABLE rate_limit_hits (
        tier TEXT NOT NULL,
        client TEXT NOT NULL,
        window_start INTEGER NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (tier, client, window_start)
      ) WITHOUT ROWID;

      -- Caps on how many emails of a kind one address receives, whoever asks:
      -- counted from the outbox by the normalised address. Emptied with the
      -- address when the outbox row is (see forgetOldEmails).
      ALTER TABLE outbox ADD COLUMN recipient_key TEXT GENERATED ALWAYS AS (lower(trim(to_address))) VIRTUAL;
      CREATE INDEX outbox_by_recipient ON outbox (recipient_key, kind, created_at);
    `,
  },
  {
    id: 5,
    name: "accounts-convenor-area-audit-log",
    sql: /* sql */ `
      -- Staff and convenor accounts. Sign-in is by emailed code: no passwords.
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE CHECK (email = lower(trim(email))),
        name TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL CHECK (role IN ('staff', 'convenor')),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        last_sign_in_at TEXT
      );

      -- Server-side sessions: the cookie holds only the id. Revoked by deleting the row.
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        last_seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        expires_at TEXT NOT NULL,
        user_agent TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);

      -- Pending sign-ins: a 6-digit code (kept only as an HMAC), 15 minutes, 5 tries, single use.
      -- A row is made for unknown addresses too (no user, no email), so both look the same.
      CREATE TABLE sign_in_codes (
        id TEXT PRIMARY KEY,
        email_key TEXT NOT NULL,
        user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE INDEX sign_in_codes_by_email ON sign_in_codes (email_key, created_at);

      -- Who convenes which group (co-convenors: several rows per group).
      CREATE TABLE group_convenors (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (group_id, user_id)
      ) WITHOUT ROWID;
      CREATE INDEX group_convenors_by_user ON group_convenors (user_id);

      -- Append-only record of who did what to which record. No personal data in detail.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        actor_user_id INTEGER,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject_type TEXT NOT NULL,
        subject_id INTEGER,
        group_id INTEGER,
        detail TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_by_subject ON audit_log (subject_type, subject_id, id);
      CREATE INDEX audit_by_group ON audit_log (group_id, id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      -- Join requests gain the states of the convenor's area (machines/join-request.ts).
      CREATE TABLE join_requests_new (
        id INTEGER PRIMARY KEY,
        public_id TEXT NOT NULL UNIQUE,
        group_id INTEGER NOT NULL REFERENCES groups (id),
        wizard_session_id TEXT NOT NULL,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        hopes TEXT NOT NULL,
        answers TEXT NOT NULL,
        outcome TEXT NOT NULL,
        reasons TEXT NOT NULL,
        rule_version TEXT NOT NULL,
        distance_km REAL,
        consented_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'meet_first', 'accepted', 'declined', 'withdrawn', 'waiting_list')),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        decided_at TEXT,
        reminded_at TEXT,
        escalated_at TEXT,
        status_changed_at TEXT,
        meet_on TEXT,
        meet_note TEXT NOT NULL DEFAULT '',
        decline_reason TEXT,
        UNIQUE (wizard_session_id, group_id)
      );
      INSERT INTO join_requests_new (id, public_id, group_id, wizard_session_id, name, email, note, hopes, answers, outcome, reasons, rule_version,
        distance_km, consented_at, status, created_at, decided_at, reminded_at, escalated_at, status_changed_at)
      SELECT id, public_id, group_id, wizard_session_id, name, email, note, hopes, answers, outcome, reasons, rule_version,
        distance_km, consented_at, status, created_at, decided_at, reminded_at, escalated_at, coalesce(decided_at, created_at)
      FROM join_requests;
      DROP TABLE join_requests;
      ALTER TABLE join_requests_new RENAME TO join_requests;
      CREATE INDEX join_requests_inbox ON join_requests (group_id, status, created_at);
      CREATE INDEX join_requests_by_created ON join_requests (created_at);

      -- The public listing, kept by its convenors.
      ALTER TABLE groups ADD COLUMN description TEXT NOT NULL DEFAULT '';
      -- Private: shared only with accepted members.
      ALTER TABLE groups ADD COLUMN venue_note TEXT NOT NULL DEFAULT '';
      -- Set when a convenor confirms the listing ("still meeting as listed").
      ALTER TABLE groups ADD COLUMN verified_at TEXT;
      ALTER TABLE groups ADD COLUMN paused_at TEXT;

      -- "Is the group still meeting?": one row per group per round.
      CREATE TABLE freshness_checks (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        round_start TEXT NOT NULL,
        sent_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        answered_at TEXT,
        answer TEXT CHECK (answer IN ('still_meeting', 'paused', 'need_help', 'closing')),
        UNIQUE (group_id, round_start)
      );
    `,
  },
  {
    id: 8,
    name: "funnel-counts-and-demand-threshold",
    sql: /* sql */ `
      -- The wizard's funnel without trackers: how many step-to-step moves a
      -- day (Australia/Sydney), with no identifier, cookie or address.
      CREATE TABLE funnel_counts (
        day TEXT NOT NULL,
        from_step TEXT NOT NULL,
        to_step TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
        PRIMARY KEY (day, from_step, to_step)
      ) WITHOUT ROWID;

      -- Demand: an area where this many people wait with no group near them is raised on the staff overview.
      INSERT OR IGNORE INTO settings (key, value) VALUES ('demand_threshold', '5');

      -- The nearest place to a point (an area's label, where a seeded group goes): a bounding box on latitude.
      CREATE INDEX places_by_lat ON places (lat, lon);
    `,
  },
  {
    id: 6,
    name: "contact-messages-and-privacy-requests",
    sql: /* sql */ `
      -- Messages sent through the Contact page, for staff to answer (the back
      -- office lists them). AUTOINCREMENT: an erased message's id, which its
      -- outbox dedupe keys name, is never given to another.
      CREATE TABLE contact_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        topic TEXT NOT NULL CHECK (topic IN ('joining', 'convening', 'my_data', 'other')),
        message TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'answered')),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        answered_at TEXT
      );
      CREATE INDEX contact_messages_by_status ON contact_messages (status, created_at);
      CREATE INDEX contact_messages_by_email ON contact_messages (lower(trim(email)));

      -- "See or delete my data": one row per emailed link (or per erasure staff
      -- make). The address is kept only while the link can be used, then
      -- emptied; email_hash (an HMAC of the normalised address) lets staff see
      -- that the same address asked again without keeping it. erased holds
      -- counts by kind, never what was erased.
      CREATE TABLE privacy_requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        email TEXT,
        email_hash TEXT NOT NULL,
        via TEXT NOT NULL DEFAULT 'self' CHECK (via IN ('self', 'staff')),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        expires_at TEXT NOT NULL,
        erased_at TEXT,
        forgotten_at TEXT,
        erased TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX privacy_requests_by_hash ON privacy_requests (email_hash, created_at);
      CREATE INDEX privacy_requests_holding_address ON privacy_requests (email) WHERE email IS NOT NULL;

      -- A join request whose person asked us to erase them: kept for counts
      -- (group, status, dates), with name, address, note and answers emptied.
      ALTER TABLE join_requests ADD COLUMN erased_at TEXT;
      CREATE INDEX join_requests_by_email ON join_requests (lower(trim(email)));
    `,
  },
  {
    id: 9,
    name: "groups-by-place",
    sql: /* sql */ `
      -- Groups near a point: a bounding box on latitude (findGroupsNear and matching), not a scan of every group.
      CREATE INDEX groups_by_place ON groups (lat, lon);
    `,
  },
  {
    id: 10,
    name: "outbox-mailbox-key-and-held-mail",
    sql: /* sql */ `
      -- The outbox again, for two changes SQLite can only make by copying the table:
      -- - status 'held': an email queued in a restored backup waits for staff to send
      --   or discard it (it may have gone out already); 'discarded': staff did, and
      --   the row was emptied as retention empties one;
      -- - mailbox_key: the key per-recipient caps count by (app/email/recipient-caps.ts
      --   mailboxKey, which must match): recipient_key with a +tag dropped from the
      --   local part, so Victim+1@Example.org counts as victim@example.org. Generated
      --   from to_address, so it is emptied with it. recipient_key (the exact address)
      --   stays for everything else, such as finding what is held for an address.
      CREATE TABLE outbox_new (
        id INTEGER PRIMARY KEY,
        message_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        dedupe_key TEXT UNIQUE,
        to_address TEXT NOT NULL,
        subject TEXT NOT NULL,
        text_body TEXT NOT NULL,
        html_body TEXT NOT NULL,
        headers TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'held', 'discarded')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        last_error TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        sent_at TEXT,
        recipient_key TEXT GENERATED ALWAYS AS (lower(trim(to_address))) VIRTUAL,
        mailbox_key TEXT GENERATED ALWAYS AS (
          CASE WHEN instr(recipient_key, '+') > 1 AND instr(recipient_key, '+') < instr(recipient_key, '@')
            THEN substr(recipient_key, 1, instr(recipient_key, '+') - 1) || substr(recipient_key, instr(recipient_key, '@'))
            ELSE recipient_key END
        ) VIRTUAL
      );
      INSERT INTO outbox_new (id, message_id, kind, dedupe_key, to_address, subject, text_body, html_body, headers,
        status, attempts, next_attempt_at, last_error, created_at, sent_at)
      SELECT id, message_id, kind, dedupe_key, to_address, subject, text_body, html_body, headers,
        status, attempts, next_attempt_at, last_error, created_at, sent_at FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_new RENAME TO outbox;
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
      CREATE INDEX outbox_by_recipient ON outbox (recipient_key, kind, created_at);
      CREATE INDEX outbox_by_mailbox ON outbox (mailbox_key, kind, created_at);
    `,
  },
  {
    id: 11,
    name: "audit-actors-without-addresses",
    vacuum: true,
    sql: /* sql */ `
      -- The audit log names an account by its id and the role it had, never by
      -- its address: the account's name is joined in when the log is read, and
      -- an erased account leaves "a former staff member" or "a former convenor".
      -- The role at the time of each entry: the last role the log gave the
      -- account before it (added, updated, role changed), else the account's
      -- role now, else the role it had when it was removed.
      DROP TRIGGER audit_log_no_update;
      UPDATE audit_log SET actor = coalesce(
        (SELECT json_extract(r.detail, '$.role') FROM audit_log r
          WHERE r.subject_type = 'user' AND r.subject_id = audit_log.actor_user_id AND r.id < audit_log.id
            AND r.action IN ('user_added', 'user_updated', 'role_changed') AND json_extract(r.detail, '$.role') IN ('staff', 'convenor')
          ORDER BY r.id DESC LIMIT 1),
        (SELECT u.role FROM users u WHERE u.id = audit_log.actor_user_id),
        (SELECT json_extract(r.detail, '$.role') FROM audit_log r
          WHERE r.subject_type = 'user' AND r.subject_id = audit_log.actor_user_id AND r.action = 'user_removed'
            AND json_extract(r.detail, '$.role') IN ('staff', 'convenor')
          ORDER BY r.id DESC LIMIT 1),
        'staff')
      WHERE actor_user_id IS NOT NULL;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    id: 12,
    name: "request-lists-at-scale",
    sql: /* sql */ `
      -- How many requests each group has in each status, kept exact by the
      -- triggers below in the same transaction as every write: the request
      -- lists' totals, the status filter's counts and the groups' member,
      -- waiting and open counts read a few of these rows instead of counting
      -- the requests (docs/decisions/021-request-lists-at-scale.md). A
      -- migration that rebuilds join_requests must create the triggers again.
      CREATE TABLE join_request_counts (
        group_id INTEGER NOT NULL,
        status TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (group_id, status)
      ) WITHOUT ROWID;
      INSERT INTO join_request_counts (group_id, status, n) SELECT group_id, status, count(*) FROM join_requests GROUP BY group_id, status;
      CREATE TRIGGER join_request_counts_insert AFTER INSERT ON join_requests BEGIN
        INSERT INTO join_request_counts (group_id, status, n) VALUES (new.group_id, new.status, 1)
          ON CONFLICT (group_id, status) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER join_request_counts_delete AFTER DELETE ON join_requests BEGIN
        UPDATE join_request_counts SET n = n - 1 WHERE group_id = old.group_id AND status = old.status;
      END;
      CREATE TRIGGER join_request_counts_update AFTER UPDATE OF group_id, status ON join_requests
        WHEN old.group_id IS NOT new.group_id OR old.status IS NOT new.status BEGIN
        UPDATE join_request_counts SET n = n - 1 WHERE group_id = old.group_id AND status = old.status;
        INSERT INTO join_request_counts (group_id, status, n) VALUES (new.group_id, new.status, 1)
          ON CONFLICT (group_id, status) DO UPDATE SET n = n + 1;
      END;
      -- One group's requests newest first (the inbox and the staff list filtered
      -- by group, any status), and one status's (the staff list filtered by
      -- status, age or overdue): read in order, a page at a time, never sorted whole.
      CREATE INDEX join_requests_by_group_created ON join_requests (group_id, created_at);
      CREATE INDEX join_requests_by_status_created ON join_requests (status, created_at);
      -- Every group by name, for the lists' group filter: read in order from the index alone.
      CREATE INDEX groups_by_name ON groups (name COLLATE NOCASE, id, slug, status);
    `,
  },
];
