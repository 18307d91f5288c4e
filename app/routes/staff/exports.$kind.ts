import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { exportAction, exportLoader } from "../../staff/exports.server";

/** POST /staff/exports/groups | requests | waiting-list: the CSV file, streamed, after the audit log records who, what and why. */
export const action = (args: ActionFunctionArgs) => exportAction(args);

/** GET: changes nothing, only shows the exports page. */
export const loader = (args: LoaderFunctionArgs) => exportLoader(args);
