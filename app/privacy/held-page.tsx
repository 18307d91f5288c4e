/** Everything we hold for an address, kind by kind, and the way to erase it; and the page that asks before erasing. */
import { Form } from "@remix-run/react";
import { Page } from "../components/page";
import type { ErasePageData, HeldPageData } from "./my-data.server";

export function HeldPage({ d }: { d: HeldPageData }) {
  return (
    <Page data-state="held">
      <h1 className="heading-xl">{d.title}</h1>
      <p className="lead break-anywhere">{d.lead}</p>
      {d.nothing ? <p className="body">{d.nothing}</p> : null}
      {d.sections.map((s, n) => (
        <section key={s.heading} aria-labelledby={`held-${n}`}>
          <h2 className="heading-l" id={`held-${n}`}>
            {s.heading}
          </h2>
          {s.paragraphs.map((p) => (
            <p className="body" key={p}>
              {p}
            </p>
          ))}
          {s.items.map((item, i) => (
            <div key={`${item.title ?? ""}${i}`}>
              {item.title ? <h3 className="heading-m">{item.title}</h3> : null}
              <dl className="summary-list">
                {item.rows.map((row) => (
                  <div className="summary-list__row" key={row.key}>
                    <dt className="summary-list__key">{row.key}</dt>
                    <dd className={`summary-list__value break-anywhere${row.quote ? " quote" : ""}`}>{row.value}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </section>
      ))}
      {d.erase ? (
        <>
          <h2 className="heading-l">{d.erase.heading}</h2>
          <p className="body">{d.erase.text}</p>
          <p className="body">
            <a className="button button--warning" href={d.erase.href}>
              {d.erase.button}
            </a>
          </p>
        </>
      ) : null}
    </Page>
  );
}

export function ErasePage({ d }: { d: ErasePageData }) {
  return (
    <Page data-state="ask">
      <h1 className="heading-xl break-anywhere">{d.title}</h1>
      <p className="body">{d.lead}</p>
      <ul className="list list--bullet">
        {d.points.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <p className="body">{d.backups}</p>
      <Form method="post" action={d.action}>
        <button type="submit" className="button button--warning">
          {d.button}
        </button>
      </Form>
      <p className="body">
        <a href={d.keep.href}>{d.keep.text}</a>
      </p>
    </Page>
  );
}
