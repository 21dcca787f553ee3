import type { ErrorBody } from "@mockloop/protocol";

export function ErrorMessage({ error }: { error: ErrorBody | string }) {
  const message = typeof error === "string" ? error : error.message;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
