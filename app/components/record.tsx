/**
 * Pieces every back-office record page shares, for convenors and staff
 * alike: the notice that says what was just done, and a record's timeline
 * (what happened, when, and who did it).
 */
/** "Saved", "Sent", …: shown once after a post redirected back here; nothing when `text` is empty. */
export function DoneNotice({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <div className="notification notification--success" role="status">
      <p className="body">{text}</p>
    </div>
  );
}

export interface TimelineEntry {
  id: number | string;
  title: string;
  date: string;
  /** Who did it; absent where the reader need not know (a convenor's own group). */
  by?: string;
}

/** A record's history, newest first as the server lists it. */
export function Timeline({ heading, entries }: { heading: string; entries: TimelineEntry[] }) {
  return (
    <>
      <h2 className="heading-l">{heading}</h2>
      <ol className="timeline">
        {entries.map((t) => (
          <li key={t.id}>
            <p className="timeline__title">{t.title}</p>
            <p className="timeline__date">
              {t.by ? (
                <>
                  {t.date} · <span className="break-anywhere">{t.by}</span>
                </>
              ) : (
                t.date
              )}
            </p>
          </li>
        ))}
      </ol>
    </>
  );
}
