import type { HTMLAttributes, ReactNode } from "react";

/** The page's <main>, with an optional GOV.UK-style back link above it. */
export function Page({ backHref, backLabel = "Back", children, ...rest }: { backHref?: string; backLabel?: string; children: ReactNode } & HTMLAttributes<HTMLElement>) {
  return (
    <>
      {backHref ? (
        <a href={backHref} className="back-link">
          {backLabel}
        </a>
      ) : null}
      <main id="main-content" className="main" tabIndex={-1} {...rest}>
        {children}
      </main>
    </>
  );
}

/** <title> and meta description for a page. */
export function pageMeta(title: string, description?: string) {
  const full = `${title} – Process Work Communities of Practice`;
  return description ? [{ title: full }, { name: "description", content: description }] : [{ title: full }];
}
