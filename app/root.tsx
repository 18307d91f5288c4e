import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { hasDemoGroups } from "./root.server";
import siteJson from "../content/site.json";
import styles from "./styles.css?url";
import { useNonce } from "./utils/nonce";
import type { SiteContent } from "./content.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/**
 * The site's shared copy (header, footer, error pages) ships with the page's
 * JavaScript, which is cached, rather than in every page's data; the server
 * validated the same file when it started (content.server.ts).
 */
const site = siteJson as SiteContent;

export async function loader({ context }: LoaderFunctionArgs) {
  return { demo: hasDemoGroups(context.db) };
}

function Shell({ site, demo, children }: { site: SiteContent; demo?: boolean; children: ReactNode }) {
  const nonce = useNonce();
  // A route whose handle says { hydrate: false } is complete as HTML and ships no JavaScript.
  const hydrate = !useMatches().some((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
  // Changes in the same render as the page a navigation leads to: a sign, for
  // whoever drives the browser, that the new page is on screen (the URL and the
  // router's state change before React has drawn it).
  const { key: locationKey } = useLocation();
  return (
    <html lang="en-AU">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#2f4b3f" />
        <Meta />
        <Links />
      </head>
      <body data-location-key={locationKey}>
        <a href="#main-content" className="skip-link">
          {site.skipLink}
        </a>
        <header className="header">
          <div className="width-container header__inner">
            <a href="/" className="header__service">
              {site.serviceName}
            </a>
            <nav aria-label="Main" className="header__nav">
              <ul>
                {site.nav.map((item) => (
                  <li key={item.href}>
                    <a href={item.href}>{item.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        {demo ? (
          <div className="demo-banner" role="note">
            <div className="width-container">{site.demoNote}</div>
          </div>
        ) : null}
        <div className="width-container">{children}</div>
        <footer className="footer">
          <div className="width-container">
            <ul className="footer__links">
              {site.footer.map((item) => (
                <li key={item.href}>
                  <a href={item.href}>{item.label}</a>
                </li>
              ))}
            </ul>
            <p>{site.footerNote}</p>
          </div>
        </footer>
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <Shell site={site} demo={data?.demo}>
      {children}
    </Shell>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const notFound = status === 404 || status === 405;
  const copy = notFound ? site.notFound : site.error;
  const clientMessage = isRouteErrorResponse(error) && status < 500 && typeof error.data?.message === "string" ? (error.data.message as string) : null;
  const ownTitle = isRouteErrorResponse(error) && status < 500 && typeof error.data?.title === "string" ? (error.data.title as string) : null;
  const title = ownTitle ?? (clientMessage ? site.badRequest.title : copy.title);
  return (
    <main id="main-content" className="main" tabIndex={-1}>
      <title>{title}</title>
      <h1 className="heading-xl">{title}</h1>
      <p className="body">{clientMessage ?? copy.text}</p>
      <p className="body">
        <a href="/">{site.homeLink}</a>
      </p>
    </main>
  );
}
