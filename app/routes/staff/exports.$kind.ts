import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportLoader } from "../../staff/exports.server";

/** GET /staff/exports/groups | requests | waiting-list: the CSV file, streamed, after the audit log records who, what and why. */
export const loader = (args: LoaderFunctionArgs) => exportLoader(args);
