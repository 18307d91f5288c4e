import type { LoaderFunctionArgs } from "@remix-run/node";
import { calendarMethodNotAllowed, groupCalendarResponse } from "../groups/group-page.server";

/** /groups/<slug>/calendar.ics: the group's meetings as an iCalendar file. */
export const loader = ({ params, context }: LoaderFunctionArgs) => groupCalendarResponse(context.db, context.env, params.slug);

/** Nothing is posted here: a plain 405, not an error page. */
export const action = () => calendarMethodNotAllowed();
