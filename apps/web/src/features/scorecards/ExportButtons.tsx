import type { ErrorBody } from "@mockloop/protocol";
import { useState } from "react";
import { fetchExport, type ExportFormat, type ExportSource } from "../../shared/api/endpoints.ts";
import { saveBlob } from "../../shared/download.ts";
import { exportFilename, type ExportTarget } from "./scorecard.ts";
import { ErrorMessage } from "../../shared/ui/ErrorMessage.tsx";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";
import styles from "./ExportButtons.module.css";

interface ExportButtonsProps {
  roomId: string;
  token: string;
  source: ExportSource;
  target: ExportTarget;
  testId: string;
  /** Adds a Print button (print to PDF gives a clean page). */
  print?: boolean;
}

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: "markdown", label: "Markdown" },
  { format: "json", label: "JSON" },
];

/** Downloads what the server exports, fetched with this browser's participant token. */
export function ExportButtons({ roomId, token, source, target, testId, print = false }: ExportButtonsProps) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);

  async function download(format: ExportFormat) {
    setBusy(format);
    setError(null);
    const result = await fetchExport(roomId, token, source, format);
    setBusy(null);
    if (!result.ok) return setError(result.error);
    saveBlob(result.data, exportFilename(target, format));
  }

  return (
    <div className={clsx(styles.export, "no-print")} data-testid={testId}>
      <div className={styles.exportRow} role="group" aria-label="Download">
        <span className={styles.exportLabel}>Download</span>
        {FORMATS.map(({ format, label }) => (
          <button
            key={format}
            type="button"
            className={clsx(ui.button, ui.small)}
            data-testid={`${testId}-${format}`}
            disabled={busy !== null}
            onClick={() => void download(format)}
          >
            {busy === format ? "Preparing…" : label}
          </button>
        ))}
        {print && (
          <button type="button" className={clsx(ui.button, ui.small)} data-testid={`${testId}-print`} onClick={() => window.print()}>
            Print
          </button>
        )}
      </div>
      {error && <ErrorMessage error={error} className={styles.error} />}
    </div>
  );
}
