import { index, route, type RouteConfig } from "@remix-run/route-config";

export default [
  index("routes/home.tsx"),
  route("who-is-it-for", "routes/who-is-it-for.tsx"),
  route("eligibility", "routes/eligibility._index.tsx"),
  route("eligibility/outcome", "routes/eligibility.outcome.tsx"),
  route("eligibility/join/:slug", "routes/eligibility.join.tsx"),
  route("eligibility/join/:slug/sent", "routes/eligibility.join.sent.tsx"),
  route("eligibility/:step", "routes/eligibility.$step.tsx"),
  route("newsletter", "routes/newsletter.tsx"),
  route("newsletter/thanks", "routes/newsletter.thanks.tsx"),
  route("training", "routes/content-page.tsx", { id: "page-training" }),
  route("privacy", "routes/content-page.tsx", { id: "page-privacy" }),
  route("credits", "routes/credits.tsx"),
  route("dev/mail", "routes/dev.mail.tsx"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
