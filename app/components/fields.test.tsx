// @vitest-environment jsdom
import { cleanup, render, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorSummary } from "./error-summary";
import { ChoiceGroup, TextField } from "./fields";

// Queries on this file's document: a worker runs several files, and Testing
// Library's own `screen` stays bound to the first file's document.
const screen = within(document.body);

afterEach(cleanup);

describe("ChoiceGroup", () => {
  it("labels each radio, ties hint and error to the group, and checks the current value", () => {
    render(
      <ChoiceGroup
        type="radio"
        name="practice"
        legend="Do you use Process Work in your work?"
        isPageHeading
        hint="Paid or unpaid."
        error="Select whether you use Process Work in your work"
        choices={[
          { value: "paid", label: "Yes, in paid work" },
          { value: "not_yet", label: "Not yet", hint: "That is fine." },
        ]}
        value="not_yet"
      />,
    );
    const group = screen.getByRole("group", { name: "Do you use Process Work in your work?" });
    expect(group.getAttribute("aria-describedby")).toBe("field-practice-hint field-practice-error");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Do you use Process Work in your work?");
    expect((screen.getByLabelText("Not yet") as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText("Yes, in paid work") as HTMLInputElement).checked).toBe(false);
    expect(screen.getByText("Select whether you use Process Work in your work")).toBeTruthy();
  });
});

describe("TextField", () => {
  it("keeps what was typed and marks the field invalid", () => {
    render(<TextField name="place" label="Postcode, suburb or town" error="We could not find that place" value="Atlantis" />);
    const input = screen.getByLabelText("Postcode, suburb or town") as HTMLInputElement;
    expect(input.value).toBe("Atlantis");
    expect(input.getAttribute("aria-invalid")).toBe("true");
  });
});

describe("ErrorSummary", () => {
  it("takes focus and links each error to its field", () => {
    render(<ErrorSummary title="There is a problem" errors={[{ field: "place", message: "Enter your postcode" }]} focusKey={1} />);
    const summary = screen.getByRole("alert");
    expect(document.activeElement).toBe(summary);
    expect(screen.getByRole("link", { name: "Enter your postcode" }).getAttribute("href")).toBe("#field-place-input");
  });

  it("renders nothing without errors", () => {
    const { container } = render(<ErrorSummary title="There is a problem" errors={[]} focusKey={0} />);
    expect(container.innerHTML).toBe("");
  });
});
