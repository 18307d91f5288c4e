import { Link } from "@remix-run/react";

export interface Tabs {
  label: string;
  items: { href: string; label: string; current: boolean }[];
}

/** The requests section's two views as a secondary sub navigation (MOJ pattern): links, so they work without JavaScript. */
export function RequestTabs({ tabs }: { tabs: Tabs }) {
  return (
    <nav className="sub-nav sub-nav--secondary" aria-label={tabs.label}>
      <ul>
        {tabs.items.map((t) => (
          <li key={t.href}>
            <Link to={t.href} aria-current={t.current ? "page" : undefined}>
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
