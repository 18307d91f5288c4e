import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GroupCard } from "../components/group-card";
import { Page, pageMeta } from "../components/page";
import { wizardContent } from "../content.server";
import { NewsletterForm } from "../newsletter/newsletter-form";
import { newsletterFormCopy, waitingListNoteFor } from "../newsletter/newsletter.server";
import { RecheckForm } from "../recheck/recheck-form";
import { recheckFormCopy } from "../recheck/recheck.server";
import { outcomeLoader, type OutcomeSection } from "../eligibility/outcome.server";

/** Answers change on the server: Back and reload always fetch the current page. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? pageMeta(data.page.headline) : []);

export async function loader(args: LoaderFunctionArgs) {
  const page = await outcomeLoader(args);
  const c = wizardContent.outcome;
  const newsletter = page.outcome === "newsletter" ? newsletterFormCopy() : null;
  return {
    page,
    copy: {
      becauseLabel: c.becauseLabel,
      startAgain: c.startAgain,
      trainingLinkText: c.trainingLinkText,
      newsletterHeading: c.newsletterHeading,
      waitingListHeading: c.waitingListHeading,
      noneLeftNote: c.noneLeftNote,
      labels: { askToJoin: c.askToJoin, joinWaitingList: c.joinWaitingList, distance: c.distance, fullNote: c.fullNote },
    },
    // The waiting list's first action says what it does.
    newsletter: newsletter && page.waitingList ? { ...newsletter, button: c.waitingListButton } : newsletter,
    // People with nothing near are most likely to want news of new groups.
    newsletterInterests: page.waitingList ? ["new_groups"] : ["training_events"],
    waitingText: page.outcome === "newsletter" ? await waitingListNoteFor(args) : null,
    recheck: page.outcome === "training" ? recheckFormCopy() : null,
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** Groups the person may ask to join (or join the waiting list of), each name linking to its page. */
function GroupSection({ section, labels }: { section: OutcomeSection; labels: Data["copy"]["labels"] }) {
  return (
    <section aria-labelledby={section.id} className="section" data-section={section.id}>
      <h2 className="heading-l" id={section.id}>
        {section.heading}
      </h2>
      <ul className="group-list">
        {section.groups.map((g) => (
          <GroupCard key={g.slug} id={g.id} group={g} labels={labels} href={g.href} joinHref={g.joinHref} primary={g.primary} />
        ))}
      </ul>
    </section>
  );
}

export default function Outcome() {
  const { page, copy, newsletter, newsletterInterests, waitingText, recheck } = useLoaderData<typeof loader>();
  const newsletterSection = newsletter ? (
    <section aria-labelledby="newsletter-heading" className="section">
      <h2 className="heading-l" id="newsletter-heading">
        {page.waitingList ? copy.waitingListHeading : copy.newsletterHeading}
      </h2>
      {/* The waiting list's heading already says what to do. */}
      {page.waitingList ? null : <p className="body">{page.next}</p>}
      <NewsletterForm copy={newsletter} areaText={page.areaText} waitingText={waitingText} defaultInterests={newsletterInterests} headingLevel={3} />
    </section>
  ) : null;
  return (
    <Page data-outcome={page.outcome} data-reasons={page.reasons.join(" ")}>
      <div className={`panel panel--${page.fits ? "group" : page.outcome}`}>
        <h1 className="heading-xl panel__title">{page.headline}</h1>
      </div>
      {page.notice ? (
        <div className="inset" data-notice>
          {page.notice}
        </div>
      ) : null}
      <h2 className="heading-m">{copy.becauseLabel}</h2>
      <p className="lead" data-reason-text>
        {page.because}
      </p>
      <p className="body">{page.explain}</p>
      <p className="body">
        <a href={page.change.href} data-change-link>
          {page.change.text}
        </a>
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

      {/* Fits, but nothing where they want one: the waiting list first, online groups second. */}
      {page.waitingList ? newsletterSection : null}

      {page.sections.map((s) => (
        <GroupSection key={s.id} section={s} labels={copy.labels} />
      ))}

      {page.noneLeft ? <p className="body">{copy.noneLeftNote}</p> : null}

      {page.waitingList ? null : newsletterSection}

      {page.joinGroupNote ? (
        <p className="body" data-join-group-note>
          {page.joinGroupNote.text} <a href={page.joinGroupNote.href}>{page.joinGroupNote.linkText}</a>
        </p>
      ) : null}

      <p className="body section">
        <a href={page.startAgainHref}>{copy.startAgain}</a>
      </p>
    </Page>
  );
}
