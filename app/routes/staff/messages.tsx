import type { MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { SelectField } from "../../components/fields";
import { pageMeta } from "../../components/page";
import { Pagination } from "../../components/pagination";
import { messagesAction, messagesLoader, type MessageActionData } from "../../staff/messages.server";
import { FilterForm } from "../../components/filter-form";
import type { Access } from "../../auth/access";
import { withAccess } from "../../auth/access.server";
import { DoneNotice } from "../../components/record";

/** Back-office pages hold personal data: never stored by a browser or a proxy. */
export const headers = () => ({ "Cache-Control": "no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [...pageMeta(data.copy.title), { name: "robots", content: "noindex" }] : []);

/** Who may use this route: app/auth/access.ts. */
export const access = { role: "staff", intents: ["reply", "answered"] } satisfies Access;

export const loader = withAccess(access, messagesLoader);
export const action = withAccess(access, messagesAction);

export default function Messages() {
  const { copy, notice, filters, count, messages, pagination } = useLoaderData<typeof loader>();
  const actionData = useActionData<MessageActionData>();
  return (
    <main id="main-content" className="main" tabIndex={-1}>
      <DoneNotice text={notice} />
      <h1 className="heading-xl">{copy.title}</h1>
      <p className="lead">{copy.lead}</p>
      <FilterForm label={copy.status} apply={copy.apply} clear={copy.clear} clearTo="/staff/messages" active={filters.active}>
        <SelectField name="status" label={copy.status} value={filters.status} options={filters.statuses} emptyLabel={copy.anyStatus} />
      </FilterForm>
      <p className="body" role="status">
        {count}
      </p>
      {messages.length ? (
        <ul className="request-list">
          {messages.map((m) => {
            const mine = actionData?.id === m.id;
            const error = mine && actionData!.errors.reply ? copy.errors[actionData!.errors.reply as keyof typeof copy.errors] : undefined;
            const id = `reply-${m.id}`;
            return (
              <li key={m.id} data-message-id={m.id} data-status={m.status}>
                <div className="request-list__head">
                  <h2 className="heading-s">{m.from}</h2>
                  <strong className={`tag tag--${m.status === "new" ? "new" : "accepted"}`}>{m.statusLabel}</strong>
                </div>
                <p className="request-list__meta break-anywhere">
                  {m.email} · {m.about}
                </p>
                <blockquote className="quote">{m.message}</blockquote>
                {m.status === "new" ? (
                  <>
                    <Form method="post">
                      <input type="hidden" name="id" value={m.id} />
                      <input type="hidden" name="intent" value="reply" />
                      <div className={`form-group${error ? " form-group--error" : ""}`}>
                        <label className="label" htmlFor={id}>
                          {copy.replyLabel}
                        </label>
                        <div className="hint" id={`${id}-hint`}>
                          {copy.replyHint}
                        </div>
                        {error ? (
                          <p className="error-message" id={`${id}-error`}>
                            <span className="visually-hidden">Error: </span>
                            {error}
                          </p>
                        ) : null}
                        <textarea className="textarea" rows={4} id={id} name="reply" defaultValue={mine && typeof actionData!.values.reply === "string" ? actionData!.values.reply : ""} aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} />
                      </div>
                      <button type="submit" className="button">
                        {copy.replyButton}
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="id" value={m.id} />
                      <input type="hidden" name="intent" value="answered" />
                      <button type="submit" className="button button--secondary button--small">
                        {copy.markAnswered}
                      </button>
                    </Form>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="body">{copy.none}</p>
      )}
      <Pagination p={pagination} />
    </main>
  );
}
