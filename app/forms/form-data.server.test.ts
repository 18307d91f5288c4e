import * as z from "zod/mini";
import { describe, expect, it } from "vitest";
import { echo, MAX_FORM_FIELDS, readForm, readFormField } from "./form-data.server";

const post = (body: string, type = "application/x-www-form-urlencoded") => new Request("http://localhost/x", { method: "POST", body, headers: { "Content-Type": type } });
const multipart = (parts: number, boundary = "b0undary", quoted = false) =>
  post(
    `${Array.from({ length: parts }, (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join("")}--${boundary}--\r\n`,
    `multipart/form-data; boundary=${quoted ? `"${boundary}"` : boundary}`,
  );
/** The fields named f0, f1, … that were read. */
const fs = (raw: Record<string, unknown>) => Object.keys(raw).filter((k) => /^f\d+$/.test(k));
/** The status a thrown `data(…)` carries. */
async function statusOf(p: Promise<unknown>): Promise<number | "ok"> {
  try {
    await p;
    return "ok";
  } catch (error) {
    return (error as { init: ResponseInit }).init.status!;
  }
}

describe("readForm: how many fields", () => {
  it(`reads up to ${MAX_FORM_FIELDS} fields, urlencoded or multipart, and refuses more with 413 before parsing`, async () => {
    const pairs = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=v`).join("&");
    expect(fs(await readForm(post(pairs(MAX_FORM_FIELDS))))).toHaveLength(MAX_FORM_FIELDS);
    expect(await statusOf(readForm(post(pairs(MAX_FORM_FIELDS + 1))))).toBe(413);
    // Empty pairs count too: the count is of separators, not of names.
    expect(await statusOf(readForm(post("a=1" + "&".repeat(9_000))))).toBe(413);
    expect(fs(await readForm(multipart(MAX_FORM_FIELDS - 1)))).toHaveLength(MAX_FORM_FIELDS - 1);
    expect(await statusOf(readForm(multipart(MAX_FORM_FIELDS + 1)))).toBe(413);
    expect(await statusOf(readForm(multipart(2_000, "quoted b", true)))).toBe(413);
  });

  it("readFormField keeps refusing too many fields, and answers null for a body it cannot read", async () => {
    expect(await readFormField(post("t=abc&x=1"), "t")).toBe("abc");
    expect(await readFormField(post('{"t":1}', "application/json"), "t")).toBeNull();
    expect(await statusOf(readFormField(post("t=abc" + "&x=1".repeat(500)), "t"))).toBe(413);
  });
});

describe("echo: only the form's own fields come back", () => {
  const schema = z.object({ email: z.string(), interests: z.array(z.string()) });
  it("keeps what was typed into the form's fields, by schema or by name, and nothing else", async () => {
    const raw = await readForm(post(`email=a%40b.test&interests=x&interests=y&role=staff&${Array.from({ length: 50 }, (_, i) => `extra${i}=injected`).join("&")}`));
    expect(echo(raw, schema)).toEqual({ email: "a@b.test", interests: ["x", "y"] });
    expect(echo(raw, schema, ["role"])).toEqual({ email: "a@b.test", interests: ["x", "y"], role: "staff" });
    expect(echo(raw, ["nothing"])).toEqual({});
    expect(echo({ email: "x".repeat(5_000) }, schema).email).toHaveLength(1_000);
    expect(echo({ ...raw, __proto__: "x" } as never, ["__proto__", "constructor"])).toEqual({});
  });
});
