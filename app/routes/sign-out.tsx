import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOutAction } from "../auth/sign-in.server";

/** Signing out is a POST (a button); a GET here just goes to the sign-in page. */
export const loader = () => redirect("/sign-in", { status: 303 });
export const action = (args: ActionFunctionArgs) => signOutAction(args);
