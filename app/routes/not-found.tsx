import { data } from "@remix-run/node";

/** Anything no other route matches: the root error page in our own style, with a 404. */
export const loader = () => {
  throw data(null, { status: 404 });
};

export default function NotFound() {
  return null;
}
