/**
 * A visitor without a browser: plain fetch, the wizard cookie kept by hand,
 * redirects not followed (each step answers 303). Used to make join requests
 * over HTTP, as many as a test needs, each with its own wizard session.
 */

export type FormFields = Record<string, string | string[]>;

export class Visitor {
  cookie = "";
  /** The server's address, or a function giving the current one (a test that restarts its server). */
  constructor(private readonly base: string | (() => string)) {}

  get baseURL(): string {
    return typeof this.base === "string" ? this.base : this.base();
  }

  async request(method: "GET" | "POST", path: string, fields?: FormFields): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    let body: URLSearchParams | undefined;
    if (fields) {
      body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    const res = await fetch(`${this.baseURL}${path}`, { method, body, headers, redirect: "manual" });
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
    return res;
  }

  post = (path: string, fields: FormFields) => this.request("POST", path, fields);
  get = (path: string) => this.request("GET", path);
}

/** Groups the standard answers below are offered: one in person (Hobart) and two online. */
export const HOBART_GROUPS = ["hobart", "anz-evenings", "west-and-asia-daytime"] as const;

/** Answers that fit PWCOP, from Hobart, in person or online within 25 km. */
export const FITTING_ANSWERS: Array<[step: string, fields: FormFields]> = [
  ["experience", { experience: "workshops" }],
  ["practice", { practice: "paid" }],
  ["supervision", { supervision: "no" }],
  ["hopes", { hopes: ["connection", "learn_share"] }],
  ["location", { country: "AU", place: "Hobart", format: "either", distanceKm: "25" }],
  ["check", {}],
];

function expectRedirect(res: Response, what: string, to?: RegExp) {
  const location = res.headers.get("location") ?? "";
  if (res.status !== 303 || (to && !to.test(location))) throw new Error(`${what}: expected 303${to ? ` to ${to}` : ""}, got ${res.status} ${location}`);
}

/** Answers every question and sees the outcome (a group fits). */
export async function finishWizard(v: Visitor): Promise<void> {
  for (const [step, fields] of FITTING_ANSWERS) {
    const res = await v.post(`/eligibility/${step}`, fields);
    expectRedirect(res, step, step === "check" ? /\/eligibility\/outcome$/ : undefined);
  }
}

export interface JoinDetails {
  name: string;
  email: string;
  note?: string;
  hopes?: string[];
}

/** Posts the join form. Resolves to the response (303 to …/sent on success). */
export function postJoin(v: Visitor, slug: string, d: JoinDetails): Promise<Response> {
  return v.post(`/eligibility/join/${slug}`, { name: d.name, email: d.email, note: d.note ?? "", hopes: d.hopes ?? [], consent: "yes" });
}

export const isJoinSent = (res: Response, slug: string) =>
  res.status === 303 && (res.headers.get("location") ?? "").endsWith(`/eligibility/join/${slug}/sent`);
