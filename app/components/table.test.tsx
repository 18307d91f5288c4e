// @vitest-environment jsdom
import { cleanup, render, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { Table } from "./table";

// Queries on this file's document: a worker runs several files, and Testing
// Library's own `screen` stays bound to the first file's document.
const screen = within(document.body);

afterEach(cleanup);

const inRouter = (ui: ReactNode) => render(<MemoryRouter>{ui}</MemoryRouter>);
const row = (name: string) => (
  <tr key={name} data-name={name}>
    <td>{name}</td>
    <td>1</td>
  </tr>
);

describe("<Table>", () => {
  it("a sortable column says how the list is sorted and links to sorting by it; other columns are plain", () => {
    inRouter(
      <Table
        columns={[
          { label: "Name", ariaSort: "ascending", href: "/staff/groups?sort=name&dir=desc" },
          { label: "Received", ariaSort: "none", href: "/staff/groups?sort=received" },
          { label: "Status" },
        ]}
      >
        {["Ann", "Bo"].map(row)}
      </Table>,
    );
    const headers = screen.getAllByRole("columnheader");
    expect(headers.map((h) => h.getAttribute("aria-sort"))).toEqual(["ascending", "none", null]);
    expect(within(headers[0]!).getByRole("link", { name: "Name" }).getAttribute("href")).toBe("/staff/groups?sort=name&dir=desc");
    expect(within(headers[2]!).queryByRole("link")).toBeNull();
    expect(screen.getAllByRole("row")).toHaveLength(3);
  });

  it("with a caption id it is a focusable region named by its caption; without, a plain table", () => {
    const { container } = inRouter(
      <Table caption="Requests, newest first" captionId="requests-caption" captionHidden columns={[{ label: "Name" }]} data-reasons="overall">
        {["Ann"].map(row)}
      </Table>,
    );
    const region = screen.getByRole("region", { name: "Requests, newest first" });
    expect(region.getAttribute("tabindex")).toBe("0");
    expect(container.querySelector("caption")?.className).toBe("visually-hidden");
    expect(container.querySelector("table")?.getAttribute("data-reasons")).toBe("overall");
    cleanup();
    inRouter(
      <Table caption="Members" columns={[{ label: "Name" }]}>
        {["Ann"].map(row)}
      </Table>,
    );
    expect(screen.queryByRole("region")).toBeNull();
    expect(screen.getByRole("table", { name: "Members" })).toBeTruthy();
  });

  it("with no rows it says so instead of drawing an empty table; totals go in the foot", () => {
    inRouter(
      <Table columns={[{ label: "Name" }]} empty="No requests match these filters.">
        {[].map(row)}
      </Table>,
    );
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getByText("No requests match these filters.").tagName).toBe("P");
    cleanup();
    const { container } = inRouter(
      <Table
        columns={[{ label: "Reason" }, { label: "Count", className: "table__num" }]}
        foot={
          <tr>
            <th scope="row">Total</th>
            <td>3</td>
          </tr>
        }
      >
        {["Ann"].map(row)}
      </Table>,
    );
    expect(container.querySelector("tfoot th")?.textContent).toBe("Total");
    expect(container.querySelectorAll("thead th")[1]?.className).toBe("table__num");
  });
});
