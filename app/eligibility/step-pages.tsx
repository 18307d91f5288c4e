/** The wizard's pages: one question per page, check your answers. */
import { Form } from "@remix-run/react";
import { ChoiceGroup, TextField, type Choice } from "../components/fields";
import { StepForm } from "../components/step-form";
import type { StepActionData, StepPageData, stepCopy } from "./wizard.server";

type Text = ReturnType<typeof stepCopy>;

/** Step schemas, loaded when needed (see StepForm). Stable functions, so forms do not re-create resolvers. */
const schemaFor = {
  experience: () => import("./schemas").then((m) => m.STEP_SCHEMAS.experience),
  practice: () => import("./schemas").then((m) => m.STEP_SCHEMAS.practice),
  supervision: () => import("./schemas").then((m) => m.STEP_SCHEMAS.supervision),
  hopes: () => import("./schemas").then((m) => m.STEP_SCHEMAS.hopes),
  location: () => import("./schemas").then((m) => m.STEP_SCHEMAS.location),
  place: () => import("./schemas").then((m) => m.STEP_SCHEMAS.place),
};
type Copy = Text["copy"];

const toChoices = (options: Record<string, { label: string; hint?: string }>, order?: readonly string[]): Choice[] =>
  (order ?? Object.keys(options)).map((value) => ({ value, label: options[value]!.label, hint: options[value]!.hint }));

export function StepPage({ page, text, actionData }: { page: StepPageData; text: Text; actionData?: StepActionData }) {
  const { copy, common } = text;
  const serverErrors = actionData?.errors ?? {};

  if (page.step === "check" && copy.kind === "check") return <CheckPage page={page} copy={copy} />;

  const values = actionData?.values ?? ("values" in page ? page.values : {});
  // "Question 2 of 5", and what to say when an answer had to be asked again: after the error summary, before the question.
  const intro =
    page.step !== "check" && (page.progress || page.notice) ? (
      <>
        {page.progress ? (
          <p className="caption" data-progress>
            {page.progress}
          </p>
        ) : null}
        {page.notice ? (
          <div className="inset" data-notice>
            {page.notice}
          </div>
        ) : null}
      </>
    ) : undefined;
  const formProps = { serverErrors, errorSummaryTitle: common.errorSummaryTitle, errorTitlePrefix: common.errorTitlePrefix, submitLabel: common.continue, intro };

  if (page.step === "place" && copy.kind === "place") {
    return (
      <StepForm
        {...formProps}
        schema={schemaFor.place}
        messageFor={(_f, code) => copy.errors[code as "required"] ?? copy.errors.required}
        fieldOrder={["areaId"]}
      >
        {({ errors }) => (
          <>
            <ChoiceGroup
              type="radio"
              name="areaId"
              legend={copy.title.replace("{place}", page.place)}
              isPageHeading
              hint={copy.hint}
              error={errors.areaId}
              choices={page.candidates.map((c) => ({ value: c.id, label: c.label }))}
              value={typeof values.areaId === "string" ? values.areaId : undefined}
            />
            <p className="body">
              <a href={page.backHref}>{copy.differentPlace}</a>
            </p>
          </>
        )}
      </StepForm>
    );
  }

  if (page.step === "place") return null;
  const hidden = "changing" in page && page.changing ? { returnTo: "check" } : undefined;

  if (copy.kind === "radios" && (page.step === "experience" || page.step === "practice" || page.step === "supervision")) {
    const name = page.step;
    const current = typeof values[name] === "string" ? (values[name] as string) : undefined;
    return (
      <StepForm
        {...formProps}
        hidden={hidden}
        schema={schemaFor[name]}
        messageFor={(_f, code) => copy.errors[code as "required"] ?? copy.errors.required}
        fieldOrder={[name]}
      >
        {({ errors }) => (
          <ChoiceGroup
            type="radio"
            name={name}
            legend={copy.title}
            isPageHeading
            hint={copy.hint}
            error={errors[name]}
            choices={toChoices(copy.options)}
            value={current}
          />
        )}
      </StepForm>
    );
  }

  if (copy.kind === "hopes") {
    const current = Array.isArray(values.hopes) ? values.hopes : [];
    return (
      <StepForm
        {...formProps}
        hidden={hidden}
        schema={schemaFor.hopes}
        multiValue={["hopes"]}
        messageFor={() => copy.errors.invalid}
        fieldOrder={["hopes"]}
      >
        {({ errors }) => (
          <ChoiceGroup
            type="checkbox"
            name="hopes"
            legend={copy.title}
            isPageHeading
            hint={copy.hint}
            error={errors.hopes}
            choices={toChoices(copy.options)}
            value={current}
          />
        )}
      </StepForm>
    );
  }

  if (copy.kind === "location") {
    const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
    const fields = ["country", "place", "format", "distanceKm"] as const;
    return (
      <StepForm
        {...formProps}
        hidden={hidden}
        schema={schemaFor.location}
        messageFor={(f, code) => {
          const field = copy[f as (typeof fields)[number]];
          const errs = field?.errors as Record<string, string> | undefined;
          return errs?.[code] ?? errs?.required ?? code;
        }}
        fieldOrder={[...fields]}
      >
        {({ errors }) => (
          <>
            <h1 className="heading-xl">{copy.title}</h1>
            <p className="hint">{copy.hint}</p>
            <ChoiceGroup
              type="radio"
              name="country"
              legend={copy.country.legend}
              error={errors.country}
              choices={toChoices(copy.country.options)}
              value={str("country")}
              small
            />
            <TextField
              name="place"
              label={copy.place.label}
              hint={copy.place.hint}
              error={errors.place}
              value={str("place")}
              autoComplete="postal-code"
              spellCheck={false}
              width="20"
            />
            <ChoiceGroup
              type="radio"
              name="format"
              legend={copy.format.legend}
              error={errors.format}
              choices={toChoices(copy.format.options)}
              value={str("format")}
              small
            />
            <ChoiceGroup
              type="radio"
              name="distanceKm"
              legend={copy.distanceKm.legend}
              hint={copy.distanceKm.hint}
              error={errors.distanceKm}
              choices={toChoices(copy.distanceKm.options, ["10", "25", "50", "100"])}
              value={str("distanceKm")}
              small
            />
          </>
        )}
      </StepForm>
    );
  }
  return null;
}

function CheckPage({ page, copy }: { page: Extract<StepPageData, { step: "check" }>; copy: Extract<Copy, { kind: "check" }> }) {
  return (
    <>
      <h1 className="heading-xl">{copy.title}</h1>
      <dl className="summary-list">
        {page.rows.map((row, i) => {
          const first = i === 0 || page.rows[i - 1]!.step !== row.step;
          return (
            <div className="summary-list__row" key={row.key}>
              <dt className="summary-list__key">{row.label}</dt>
              <dd className="summary-list__value">
                {row.value.length > 1 ? (
                  <ul className="list">
                    {row.value.map((v) => (
                      <li key={v}>{v}</li>
                    ))}
                  </ul>
                ) : (
                  row.value[0]
                )}
              </dd>
              <dd className="summary-list__actions">
                {first ? (
                  <a href={row.changeHref}>
                    {copy.change}
                    <span className="visually-hidden"> {row.label.toLowerCase()}</span>
                  </a>
                ) : null}
              </dd>
            </div>
          );
        })}
      </dl>
      <h2 className="heading-m">{copy.confirmHeading}</h2>
      <p className="body">{copy.confirmText}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="confirm" />
        <button type="submit" className="button">
          {copy.button}
        </button>
      </Form>
    </>
  );
}
