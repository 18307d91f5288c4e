import type { Block, Inline } from "../markdown.server";

function Inlines({ nodes }: { nodes: Inline[] }) {
  return (
    <>
      {nodes.map((n, i) => {
        switch (n.t) {
          case "text":
            return <span key={i}>{n.v}</span>;
          case "strong":
            return (
              <strong key={i}>
                <Inlines nodes={n.c} />
              </strong>
            );
          case "em":
            return (
              <em key={i}>
                <Inlines nodes={n.c} />
              </em>
            );
          case "link":
            return (
              <a key={i} href={n.href}>
                <Inlines nodes={n.c} />
              </a>
            );
        }
      })}
    </>
  );
}

export function Markdown({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((b, i) => {
        switch (b.t) {
          case "h":
            return b.level === 2 ? (
              <h2 key={i} className="heading-l">
                <Inlines nodes={b.c} />
              </h2>
            ) : (
              <h3 key={i} className="heading-m">
                <Inlines nodes={b.c} />
              </h3>
            );
          case "p":
            return (
              <p key={i} className="body">
                <Inlines nodes={b.c} />
              </p>
            );
          case "actions":
            return (
              <div key={i} className="button-group">
                {b.links.map((l, j) => (
                  <a key={l.href} href={l.href} className={j === 0 ? "button button--start" : "button button--secondary"}>
                    <Inlines nodes={l.c} />
                  </a>
                ))}
              </div>
            );
          case "ul":
          case "ol": {
            const L = b.t;
            return (
              <L key={i} className={`list ${b.t === "ul" ? "list--bullet" : "list--number"}`}>
                {b.items.map((item, j) => (
                  <li key={j}>
                    <Inlines nodes={item} />
                  </li>
                ))}
              </L>
            );
          }
        }
      })}
    </>
  );
}
