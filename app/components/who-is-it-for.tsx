import type { WhoIsItForData } from "../criteria-page.server";

export function WhoIsItFor({ d }: { d: WhoIsItForData }) {
  return (
    <>
      <h1 className="heading-xl">{d.title}</h1>
      <p className="lead">{d.lead}</p>
      <h2 className="heading-l">{d.forYouHeading}</h2>
      <ul className="list list--bullet" data-list="for-you">
        {d.forYou.map((c) => (
          <li key={c.id} data-criterion={c.id}>
            {c.text}
          </li>
        ))}
      </ul>
      <h2 className="heading-l">{d.notForYouHeading}</h2>
      <ul className="list list--bullet" data-list="not-for-you">
        {d.notForYou.map((c) => (
          <li key={c.id} data-criterion={c.id}>
            {c.text}. <a href={c.next.href}>{c.next.text}</a>.
          </li>
        ))}
      </ul>
      <h2 className="heading-l">{d.locationHeading}</h2>
      <ul className="list list--bullet" data-list="location-rules">
        {d.locationRules.map((r) => (
          <li key={r.id} data-rule={r.id}>
            {r.text}
          </li>
        ))}
      </ul>
      <h2 className="heading-l">{d.motivesHeading}</h2>
      <p className="body">{d.motivesLead}</p>
      <ul className="list list--bullet">
        {d.motives.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      <p className="body">
        <a className="button" href="/eligibility">
          {d.cta}
        </a>
      </p>
    </>
  );
}
