import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { GroupCard, type GroupCardLabels } from "../components/group-card";
import type { GroupCard as GroupCardData } from "../groups.server";
import { Page, pageMeta } from "../components/page";
import { wizardContent } from "../content.server";
import { NewsletterForm } from "../newsletter/newsletter-form";
import { newsletterFormCopy, waitingListNoteFor } from "../newsletter/newsletter.server";
import { RecheckForm } from "../recheck/recheck-form";
import { recheckFormCopy } from "../recheck/recheck.server";
import { outcomeLoader } from "../wizard/outcome.server";


/** Answers change on the server: Back and reload always fetch the current page. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.title) : []);

export async function loader(args: LoaderFunctionArgs) {
  const page = await outcomeLoader(args);
  const copy = wizardContent.outcome;
  return {
    page,
    title: copy.titles[page.outcome],
    copy: { ...copy, reasons: undefined },
    newsletter: page.outcome === "newsletter" ? newsletterFormCopy() : null,
    // People with nothing near are most likely to want news of new groups.
    newsletterInterests: page.reasons.some((r) => r === "no_group_nearby" || r === "outside_region") ? ["new_groups"] : ["training_events"],
    waitingText: page.outcome === "newsletter" ? await waitingListNoteFor(args) : null,
    recheck: page.outcome === "training" ? recheckFormCopy() : null,
  };
}

/** Groups the person may ask to join, each with its "Ask to join" action. */
function GroupListSection({ id, heading, groups, labels }: { id: string; heading: string; groups: GroupCardData[]; labels: GroupCardLabels }) {
  if (groups.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h2 className="heading-l" id={id}>
        {heading}
      </h2>
      <ul className="group-list">
        {groups.map((g) => (
          <GroupCard key={g.slug} group={g} labels={labels} joinHref={`/eligibility/join/${g.slug}`} />
        ))}
      </ul>
    </section>
  );
}

export default function Outcome() {
  const { page, title, copy, newsletter, newsletterInterests, waitingText, recheck } = useLoaderData<typeof loader>();
  const labels = { askToJoin: copy.askToJoin, joinWaitingList: copy.joinWaitingList, distance: copy.distance, fullNote: copy.fullNote };
  const fits = page.outcome === "group";
  return (
    <Page data-outcome={page.outcome} data-reasons={page.reasons.join(" ")}>
      <div className={`panel panel--${page.outcome}`}>
        <h1 className="heading-xl panel__title">{title}</h1>
      </div>
      <h2 className="heading-m">{copy.becauseLabel}</h2>
      <p className="lead" data-reason-text>
        {page.because}
      </p>
      <p className="body">{page.explain}</p>
      <p className="body">
        <a href={page.changeHref}>{copy.changeAnswer}</a>
      </p>

      {page.outcome === "training" ? (
        <>
          <p className="body">{page.next}</p>
          <p className="body">
            <a className="button" href="/training">
              {copy.trainingLinkText}
            </a>
          </p>
        </>
      ) : null}

      {recheck ? (
        <section aria-labelledby="recheck-heading" className="section">
          <h2 className="heading-l" id="recheck-heading">
            {recheck.heading}
          </h2>
          <p className="body">{recheck.lead}</p>
          <RecheckForm copy={recheck} />
        </section>
      ) : null}

      <GroupListSection id="nearby-heading" heading={copy.groupsHeading} groups={page.nearby} labels={labels} />
      <GroupListSection id="online-heading" heading={fits ? copy.onlineHeading : copy.onlineOfferHeading} groups={page.online} labels={labels} />

      {fits && page.nearby.length === 0 && page.online.length === 0 ? <p className="body">{copy.noneLeftNote}</p> : null}

      {newsletter ? (
        <section aria-labelledby="newsletter-heading" className="section">
          <h2 className="heading-l" id="newsletter-heading">
            {copy.newsletterHeading}
          </h2>
          <p className="body">{page.next}</p>
          <NewsletterForm copy={newsletter} areaText={page.areaText} waitingText={waitingText} defaultInterests={newsletterInterests} headingLevel={3} />
        </section>
      ) : null}

      <Form method="post" action="/eligibility" className="section">
        <button type="submit" className="button button--secondary">
          {copy.startAgain}
        </button>
      </Form>
    </Page>
  );
}
