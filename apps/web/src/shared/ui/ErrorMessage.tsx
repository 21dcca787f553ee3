import type { ErrorBody } from "@mockloop/protocol";
import clsx from "clsx";
import { errorText } from "../api/error-text.ts";
import ui from "./ui.module.css";

export function ErrorMessage({ error, className }: { error: ErrorBody | string; className?: string }) {
  const message = typeof error === "string" ? error : errorText(error);
  return (
    <p className={clsx(ui.error, className)} role="alert">
      {message}
    </p>
  );
}
