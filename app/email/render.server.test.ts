import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import emailJson from "../../content/email.json";
import { messageOptions } from "../../server/mail-worker";
import { parseEnv } from "../utils/env.server";
import { actionProblem, EmailContentSchema, emailContent, headerValue, renderEmail, replyToHeader, SUBJECT_MAX, SUBJECT_PLACEHOLDERS, writtenBy, type EmailContent } from "./render.server";

const APP = "http://localhost:3000";
const EVIL = "Claim your prize at https://evil.example";

/** The convenor's email as join-emails.server.ts fills it. */
function convenorVars(name: string, note: string) {
  return {
    ...writtenBy("applicant", { name, note }),
    hello: "Hello Ruth,",
    email: "sam@example.com",
    group: "Hobart",
    convenor: "Ruth",
    experience: "Workshops",
    practice: "Paid work",
    distance: "about 3 km",
    hopes: "- Colleagues near me\n- To learn",
    reference: "ABC-123",
    acceptUrl: `${APP}/join-requests/decide?token=a.b`,
    meetFirstUrl: `${APP}/join-requests/decide?token=c.d`,
    declineUrl: `${APP}/join-requests/decide?token=e.f`,
    requestsUrl: `${APP}/convenor`,
    expires: "Tuesday 24 November 2026",
    waitingList: "",
  };
}
const DECIDE = [`${APP}/join-requests/decide?token=a.b`, `${APP}/join-requests/decide?token=c.d`, `${APP}/join-requests/decide?token=e.f`];

const hrefs = (html: string) => [...html.matchAll(/<a\b[^>]*href="([^"]*)"/g)].map((m) => m[1]);

/** A small content set, to test the renderer apart from our copy. */
const content: EmailContent = EmailContentSchema.parse({
  signature: "Regards",
  newsletterFooter: "Unsubscribe: {unsubscribeUrl}",
  quoteLabels: { applicant: "Written by the applicant:", convenor: "{convenor} wrote:", venue: "Where we meet:", sender: "They wrote:", staff: "ANZPOP wrote:" },
  templates: {
    t: { subject: "About {group}", text: "Hello {convenor},\n\n{name} wrote to {group}.\n\n{note}\n\nOpen {checkUrl} or see {site}." },
    m: { subject: "Reply", text: "Hello,\n\n{message}\n\nBye." },
  },
});

describe("renderEmail: links", () => {
  it("links only our own URLs, never a web address a person typed", () => {
    const e = renderEmail("join.convenor", convenorVars(EVIL, `See https://evil.example/x and www.evil.example and evil.example.\nThanks`));
    expect(hrefs(e.html)).toEqual([...DECIDE, `${APP}/convenor`]);
    expect(e.html).not.toMatch(/<a[^>]*evil/);
    expect(e.text).not.toContain("https://evil.example");
    expect(e.text).not.toContain("evil.example");
    expect(e.html).not.toContain("evil.example");
    expect(e.subject).not.toContain("https://evil.example");
    expect(e.subject).toBe("New request to join Hobart");
    expect(e.text).toContain("Name: Claim your prize at https[:]//evil[.]example\n");
  });

  it("does not link a web address in our own text unless it is a …Url value", () => {
    const e = renderEmail("t", { ...writtenBy("applicant", { name: "Sam", note: "" }), convenor: "Ruth", group: "G", checkUrl: `${APP}/eligibility`, site: "https://anzpop.example" }, { content });
    expect(hrefs(e.html)).toEqual([`${APP}/eligibility`]);
    expect(e.text).toContain(`Open ${APP}/eligibility or see https://anzpop.example.`);
  });

  it("does not link a …Url value that is not a plain http(s) URL", () => {
    for (const bad of ["javascript:alert(1)", 'https://x.example/"><script>', "https://x.example/a b", "//x.example"]) {
      const e = renderEmail("t", { ...writtenBy("applicant", { name: "Sam", note: "" }), convenor: "Ruth", group: "G", checkUrl: bad, site: "" }, { content });
      expect(hrefs(e.html), bad).toEqual([]);
      expect(e.html).not.toContain("<script");
    }
  });

  it("links the unsubscribe URL and sets the one-click headers", () => {
    const url = `${APP}/newsletter/unsubscribe?t=a&b=c`;
    const e = renderEmail("newsletter.confirm", { confirmUrl: `${APP}/newsletter/confirm?t=x`, days: 7 }, { unsubscribeUrl: url });
    expect(hrefs(e.html)).toEqual([`${APP}/newsletter/confirm?t=x`, url.replace("&", "&amp;")]);
    expect(e.headers).toEqual({ "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(e.text).toContain(`Unsubscribe at any time: ${url}\n`);
  });
});

describe("renderEmail: text a person wrote", () => {
  it("quotes a note under its label: a blockquote in HTML, '> ' lines in text", () => {
    const e = renderEmail("join.convenor", convenorVars("Sam", "I run community meetings.\r\nSecond line\n\n\n\nNew paragraph <b>bold</b>"));
    const label = emailContent.quoteLabels.applicant;
    expect(e.text).toContain(`Their note:\n\n${label}\n> I run community meetings.\n> Second line\n>\n> New paragraph <b>bold</b>\n\nPlease choose`);
    expect(e.html).toContain(`<p>${label}</p>\n<blockquote`);
    expect(e.html).toMatch(/<blockquote[^>]*><p[^>]*>I run community meetings\.<br>Second line<\/p><p[^>]*>New paragraph &lt;b&gt;bold&lt;\/b&gt;<\/p><\/blockquote>/);
    expect(e.html).not.toContain("<b>");
  });

  it("shows a name on one line wherever it goes, escaped and without hidden characters", () => {
    const e = renderEmail("join.convenor", convenorVars("Sam\u0000 \u202E<i>Tester</i>\n\tSmith", "Hi"));
    expect(e.text).toContain("Name: Sam <i>Tester</i> Smith\n");
    expect(e.text).not.toMatch(/[\u0000\u202E]/);
    expect(e.html).toContain("Name: Sam &lt;i&gt;Tester&lt;/i&gt; Smith<br>");
    expect(e.html).not.toMatch(/[\u0000\u202E]|<i>/);
  });

  it("cannot start a bullet list or a quote block from inside a sentence", () => {
    const e = renderEmail("t", { ...writtenBy("applicant", { name: "- item\n\n- other", note: "x" }), convenor: "Ruth", group: "G", checkUrl: APP, site: "" }, { content });
    expect(e.html).not.toContain("<ul>");
    expect(e.text).toContain("Hello Ruth,\n\n- item - other wrote to G.");
  });

  it("leaves out an empty quote and its label", () => {
    const e = renderEmail("m", { ...writtenBy("convenor", { message: "  \n " }), convenor: "Ruth" }, { content: { ...content, quoteLabels: { ...content.quoteLabels } } });
    expect(e.text).toBe("Hello,\n\nBye.\n\nRegards\n");
    expect(e.html).not.toContain("<blockquote");
  });

  it("labels a convenor's message with the label's own placeholders filled", () => {
    const e = renderEmail("m", { ...writtenBy("convenor", { message: "See you at www.example.org" }), convenor: "Ruth" }, { content });
    expect(e.text).toBe("Hello,\n\nRuth wrote:\n> See you at www[.]example[.]org\n\nBye.\n\nRegards\n");
  });

  it("treats a value as a person's words only through writtenBy, and checks the marks", () => {
    expect(() => renderEmail("m", { message: "x", "message:writtenBy": "stranger" }, { content })).toThrow(/unknown author/);
    expect(() => renderEmail("m", { "message:writtenBy": "applicant" }, { content })).toThrow(/no value/);
  });

  it("needs a value for every placeholder, and does not take one from Object's prototype", () => {
    expect(() => renderEmail("m", {}, { content })).toThrow(/needs a value for \{message\}/);
    const proto = EmailContentSchema.parse({ ...content, templates: { p: { subject: "S", text: "{toString}" } } });
    expect(() => renderEmail("p", {}, { content: proto })).toThrow(/needs a value for \{toString\}/);
  });
});

/** The text a reader sees in the HTML part: tags dropped, entities of ours decoded. */
const visibleText = (html: string) =>
  html
    .replace(/<head>[\s\S]*?<\/head>/, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

/** Each <a> of the HTML part: its href and the text it shows. */
const anchors = (html: string) => [...html.matchAll(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({ href: m[1], text: m[2] }));

/** A small set of buttons, to test the mechanism apart from our copy. */
const withButtons = (text: string, subject = "S") => EmailContentSchema.parse({ ...content, templates: { b: { subject, text } } });

describe("renderEmail: buttons and labelled links", () => {
  it("shows the convenor's answers as three buttons named by their labels, and a link to all their requests, never the long URLs", () => {
    const e = renderEmail("join.convenor", convenorVars("Sam", "Hi"));
    const buttons = [...e.html.matchAll(/<table role="presentation"[^>]*>[\s\S]*?<\/table>/g)].map((m) => anchors(m[0]));
    expect(buttons).toEqual([
      [{ href: DECIDE[0], text: "Accept Sam" }],
      [{ href: DECIDE[1], text: "Meet Sam first" }],
      [{ href: DECIDE[2], text: "Decline" }],
    ]);
    expect(anchors(e.html)).toContainEqual({ href: `${APP}/convenor`, text: "See all your requests" });
    expect(anchors(e.html)).toHaveLength(4);
    // No URL as visible text, anywhere in the HTML part.
    expect(visibleText(e.html)).not.toMatch(/https?:|token=/);
    // Every button is one full-width cell, at least 44 px high (padding and line height), white on dark green.
    for (const table of e.html.matchAll(/<table role="presentation"[^>]*>[\s\S]*?<\/table>/g)) {
      expect(table[0]).toMatch(/^<table[^>]*width="100%"/);
      const a = /<a [^>]*style="([^"]*)"/.exec(table[0])![1]!;
      const px = (prop: string) => Number(new RegExp(`(?:^|;)${prop}:(\\d+)px`).exec(a)?.[1]);
      const [vertical] = /padding:(\d+)px/.exec(a)!.slice(1).map(Number);
      expect(2 * vertical! + px("line-height")).toBeGreaterThanOrEqual(44);
      expect(a).toContain("display:block");
      expect(a).toContain("color:#ffffff");
      expect(a).toContain("overflow-wrap:anywhere");
    }
    expect(e.html).toMatch(/<body style="[^"]*overflow-wrap:anywhere/);
  });

  it("gives plain-text readers each URL on its own line under its label", () => {
    const e = renderEmail("join.convenor", convenorVars("Sam", "Hi"));
    expect(e.text).toContain(`\n\nAccept Sam\n${DECIDE[0]}\n\nMeet Sam first\n${DECIDE[1]}\n\nDecline\n${DECIDE[2]}\n\n`);
    expect(e.text).toContain(`\n\nSee all your requests\n${APP}/convenor\n\n`);
    expect(e.text).not.toContain("[[");
  });

  it("keeps a person's words in a label escaped, defanged and on one line, and never a link", () => {
    const name = "<b>Sam</b>\n\u202Ehttps://evil.example www.evil.example";
    const e = renderEmail("join.convenor", convenorVars(name, "Hi"));
    const shown = "&lt;b&gt;Sam&lt;/b&gt; https[:]//evil[.]example www[.]evil[.]example";
    expect(anchors(e.html).slice(0, 2).map((a) => a.text)).toEqual([`Accept ${shown}`, `Meet ${shown} first`]);
    expect(hrefs(e.html)).toEqual([...DECIDE, `${APP}/convenor`]);
    expect(e.html).not.toMatch(/<b>|\u202E/);
    expect(e.text).toContain(`\n\nAccept <b>Sam</b> https[:]//evil[.]example www[.]evil[.]example\n${DECIDE[0]}\n`);
  });

  it("makes a button only from a …Url value of ours that is a plain http(s) URL", () => {
    const t = withButtons("Hi\n\n[[button:Open {group}|{checkUrl}]]\n[[link:More|{moreUrl}]]");
    for (const bad of ["javascript:alert(1)", 'https://x.example/"><script>', "//x.example"]) {
      const e = renderEmail("b", { group: "G", checkUrl: bad, moreUrl: `${APP}/more` }, { content: t });
      expect(hrefs(e.html), bad).toEqual([`${APP}/more`]);
      expect(e.html).not.toContain("<script");
      expect(e.text).toContain(`Open G\n${bad}\n`);
    }
    // A person's words in a …Url key are theirs: shown defanged, not linked.
    const person = renderEmail("b", { group: "G", ...writtenBy("applicant", { checkUrl: "https://evil.example" }), moreUrl: `${APP}/more` }, { content: t });
    expect(hrefs(person.html)).toEqual([`${APP}/more`]);
    expect(person.text).toContain("Open G\nhttps[:]//evil[.]example\n");
  });

  it("cannot be made by a value: only the template's own lines are read as buttons", () => {
    const t = withButtons("{site}\n\n{note}\n\n[[button:Go|{checkUrl}]]");
    const forged = "[[button:Claim|{checkUrl}]]";
    const e = renderEmail("b", { site: forged, ...writtenBy("applicant", { note: forged }), checkUrl: `${APP}/go` }, { content: t });
    expect(anchors(e.html)).toEqual([{ href: `${APP}/go`, text: "Go" }]);
    expect(e.text).toContain(`${forged}\n\n`);
    expect(e.html).toContain("[[button:Claim|{checkUrl}]]");
  });

  it("leaves out a button whose URL is empty, and its paragraph when none is left", () => {
    const t = withButtons("Hi\n\n[[button:One|{oneUrl}]]\n[[button:Two|{twoUrl}]]\n\nBye");
    const some = renderEmail("b", { oneUrl: "", twoUrl: `${APP}/two` }, { content: t });
    expect(anchors(some.html)).toEqual([{ href: `${APP}/two`, text: "Two" }]);
    expect(some.text).toBe(`Hi\n\nTwo\n${APP}/two\n\nBye\n\nRegards\n`);
    const none = renderEmail("b", { oneUrl: "", twoUrl: " " }, { content: t });
    expect(none.text).toBe("Hi\n\nBye\n\nRegards\n");
    expect(none.html).not.toContain("<table");
  });

  it("refuses a template whose buttons are not well formed", () => {
    for (const text of [
      "[[button:Go|{check}]]", // not a …Url placeholder
      "[[button:Go|https://x.example]]",
      "[[button: |{checkUrl}]]", // no label
      "[[button:Go {checkUrl}|{checkUrl}]]", // a link in the label
      "[[buton:Go|{checkUrl}]]",
      "[[button:Go|{checkUrl}]] now",
      "Hi\n[[button:Go|{checkUrl}]]", // not a paragraph of its own
    ]) {
      expect(actionProblem(text), text).toBeDefined();
      expect(() => withButtons(text), text).toThrow();
      // Content that skipped the schema fails when rendered, not silently.
      const raw = { ...content, templates: { b: { subject: "S", text } } } as EmailContent;
      expect(() => renderEmail("b", { check: "x", checkUrl: `${APP}/go` }, { content: raw }), text).toThrow();
    }
    expect(() => withButtons("Hi", "[[button:Go|{checkUrl}]]")).toThrow();
    expect(actionProblem("Hi\n\n[[button:Go|{checkUrl}]]\n  [[link:See all|{allUrl}]]  \n\nBye")).toBeUndefined();
  });
});

describe("renderEmail: Reply-To", () => {
  it("is set to one plain mailbox, and left out for anything else", () => {
    expect(renderEmail("join.convenor", convenorVars("Sam", "Hi"), { replyTo: "sam@example.com" }).headers).toEqual({ "Reply-To": "sam@example.com" });
    expect(renderEmail("join.convenor", convenorVars("Sam", "Hi")).headers).toEqual({});
    for (const bad of ["a@b.com, c@d.com", "Sam <sam@example.com>", "sam@example.com\r\nBcc: victim@example.com", "sam@example.com (Sam)", '"a,b"@example.com', "", "not an address", `${"a".repeat(250)}@example.com`]) {
      expect(replyToHeader(bad), bad).toBeUndefined();
      expect(renderEmail("join.convenor", convenorVars("Sam", "Hi"), { replyTo: bad }).headers, bad).toEqual({});
    }
    expect(replyToHeader(" sam@example.com\u200B ")).toBe("sam@example.com");
  });
});

describe("renderEmail: subject and headers", () => {
  it("never carries a control character from a value into the subject", () => {
    const e = renderEmail("join.convenor", { ...convenorVars("Sam", "Hi"), group: "Hobart\u0000\r\nBcc: victim@example.com" });
    expect(e.subject).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
    expect(e.subject).toBe("New request to join Hobart Bcc: victim@example.com");
  });

  it("caps the subject", () => {
    const e = renderEmail("join.convenor", { ...convenorVars("Sam", "Hi"), group: "S".repeat(500) });
    expect(Array.from(e.subject)).toHaveLength(SUBJECT_MAX);
    expect(e.subject.endsWith("…")).toBe(true);
  });

  it("headerValue: one line, no control, bidi or invisible characters, collapsed, capped by characters", () => {
    expect(headerValue("  a\u0000b\r\n c\u0085d\u202Ee\u2066f\u200Bg\u2028h\t ")).toBe("a b c defg h");
    expect(headerValue("🙂".repeat(10), 5)).toBe("🙂🙂🙂🙂…");
    expect(headerValue("abc", 3)).toBe("abc");
  });
});

describe("every template in content/email.json", () => {
  it("validates, and needs a label for each author", () => {
    const broken = structuredClone(emailJson) as { quoteLabels: Record<string, string> };
    delete broken.quoteLabels.convenor;
    expect(EmailContentSchema.safeParse(broken).success).toBe(false);
  });

  it("renders the join emails with their people's words quoted, and without them", () => {
    const base = { group: "Hobart", convenor: "Ruth", groupsUrl: `${APP}/eligibility`, meetOn: "", ...writtenBy("venue", { venue: "" }) };
    for (const kind of ["join.decision.accepted", "join.decision.meet_first", "join.decision.declined", "join.decision.waiting_list"]) {
      const withMessage = renderEmail(kind, { ...base, ...writtenBy("applicant", { name: "Sam" }), ...writtenBy("convenor", { convenorMessage: "Welcome!\nhttps://evil.example" }) });
      expect(withMessage.text, kind).toContain("Ruth added a message for you:\n> Welcome!\n> https[:]//evil[.]example\n");
      expect(withMessage.html, kind).toMatch(/<blockquote[^>]*><p[^>]*>Welcome!<br>https\[:\]\/\/evil\[\.\]example<\/p><\/blockquote>/);
      const without = renderEmail(kind, { ...base, ...writtenBy("applicant", { name: "Sam" }), ...writtenBy("convenor", { convenorMessage: "" }) });
      expect(without.text, kind).not.toContain("added a message");
      expect(without.text, kind).not.toMatch(/\n{3}/);
    }
  });

  it("gives an accepted member the venue, quoted as the convenor's words", () => {
    const base = { group: "Hobart", convenor: "Ruth", groupsUrl: `${APP}/eligibility`, meetOn: "", ...writtenBy("applicant", { name: "Sam" }), ...writtenBy("convenor", { convenorMessage: "" }) };
    const email = renderEmail("join.decision.accepted", { ...base, ...writtenBy("venue", { venue: "Room 2, 10 Example St" }) });
    expect(email.text).toContain("Where the group meets, from Ruth (for members only):\n> Room 2, 10 Example St\n");
    expect(email.html).toMatch(/<blockquote[^>]*><p[^>]*>Room 2, 10 Example St<\/p><\/blockquote>/);
  });
});

describe("names stay out of email headers", () => {
  const NAME = "Zed Quokka-Name";
  const TO = "person@example.org";
  /** Values of ours for the placeholders a subject may hold. */
  const OURS: Record<(typeof SUBJECT_PLACEHOLDERS)[number], string | number> = { group: "Hobart", area: "Hobart area", days: 14, topic: "Joining a group" };
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  /** Every placeholder any part of the email may use: links are ours, subject placeholders ours, everything else the name. */
  function varsFor(kind: string, asWritten: boolean) {
    const t = emailContent.templates[kind]!;
    const keys = new Set([t.subject, t.text, emailContent.signature, ...Object.values(emailContent.quoteLabels)].flatMap(placeholders));
    const vars: Record<string, string | number> = {};
    const people: Record<string, string> = {};
    for (const key of keys) {
      if (key.endsWith("Url")) vars[key] = `${APP}/${key}?t=a.b`;
      else if (Object.hasOwn(OURS, key)) vars[key] = OURS[key as keyof typeof OURS];
      else if (asWritten) people[key] = NAME;
      else vars[key] = NAME;
    }
    return { ...vars, ...writtenBy("applicant", people) };
  }

  /** The header block of the message nodemailer builds for the outbox row, unfolded. */
  async function headersOf(kind: string, asWritten: boolean): Promise<string> {
    const rendered = renderEmail(kind, varsFor(kind, asWritten), { replyTo: "replies@example.org", unsubscribeUrl: kind.startsWith("newsletter.") ? `${APP}/newsletter/unsubscribe?t=a.b` : undefined });
    const row = { id: 1, messageId: "<1@localhost>", kind, to: TO, ...rendered, status: "sending" as const, attempts: 1, nextAttemptAt: "", lastError: null, createdAt: "", sentAt: null };
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
    const info = await transport.sendMail(messageOptions(row, parseEnv({}).MAIL_FROM));
    const raw = (info.message as Buffer).toString("utf8");
    const unix = raw.replace(/\r\n/g, "\n");
    return unix.slice(0, unix.indexOf("\n\n")).replace(/\n[ \t]+/g, " ");
  }

  it(`every kind of email, rendered with a person called ${JSON.stringify(NAME)}, keeps the name out of Subject, From, To and Reply-To`, async () => {
    const kinds = Object.keys(emailJson.templates);
    expect(kinds.length).toBeGreaterThan(25);
    for (const kind of kinds) {
      for (const asWritten of [false, true]) {
        const head = await headersOf(kind, asWritten);
        // The name is somewhere in the email (so the test can fail), just not in a header.
        if (placeholders(emailContent.templates[kind]!.text).some((k) => !k.endsWith("Url") && !Object.hasOwn(OURS, k))) {
          expect(renderEmail(kind, varsFor(kind, asWritten)).text, kind).toContain(NAME);
        }
        expect(head, kind).toMatch(/^Subject: /m);
        expect(head, kind).toMatch(/^From: /m);
        expect(head, kind).toMatch(/^To: person@example\.org$/m);
        expect(head, kind).toMatch(/^Reply-To: replies@example\.org$/m);
        expect(head, kind).not.toMatch(/quokka/i);
      }
    }
  });

  it("a subject may only name things of ours: a template with a name or a person's words in its subject is refused", () => {
    for (const subject of ["{name} would like to join {group}", "Reminder: {name}", "{convenor} says hello", "From {note}"]) {
      expect(EmailContentSchema.safeParse({ ...content, templates: { x: { subject, text: "Hi" } } }).success, subject).toBe(false);
    }
    for (const subject of ["New request to join {group}", "No answer after {days} days", "Near {area}", "Contact form: {topic}"]) {
      expect(EmailContentSchema.safeParse({ ...content, templates: { x: { subject, text: "Hi" } } }).success, subject).toBe(true);
    }
    // And should a value of one of those keys be a person's words, rendering refuses it rather than put it in the header.
    const own = EmailContentSchema.parse({ ...content, templates: { x: { subject: "About {group}", text: "Hi" } } });
    expect(() => renderEmail("x", writtenBy("applicant", { group: NAME }), { content: own })).toThrow(/a subject cannot hold a person's words/);
  });
});
