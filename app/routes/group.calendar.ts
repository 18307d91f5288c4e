import type { LoaderFunctionArgs } from "@remix-run/node";
import { groupCalendarResponse } from "../groups/group-page.server";

/** /groups/<slug>/calendar.ics: the group's meetings as an iCalendar file. */
export const loader = ({ params, request, context }: LoaderFunctionArgs) => groupCalendarResponse(context.db, params.slug, request.url);
