import { displayNameSchema } from "@mockloop/protocol";
import ui from "./ui.module.css";

interface NameFieldProps {
  id: string;
  testId: string;
  value: string;
  onChange: (name: string) => void;
  disabled?: boolean;
}

/** Why a typed name would be refused, by the same rule the server applies; nothing while the field is empty. */
function nameProblem(value: string): string | null {
  if (value.trim() === "") return null;
  const parsed = displayNameSchema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "this name cannot be used");
}

/** "Your name": the display name others see, within the protocol's 60 characters and without hidden characters. */
export function NameField({ id, testId, value, onChange, disabled = false }: NameFieldProps) {
  const problem = nameProblem(value);
  return (
    <div className={ui.field}>
      <label htmlFor={id}>Your name</label>
      <input
        id={id}
        data-testid={testId}
        type="text"
        autoComplete="given-name"
        required
        maxLength={60}
        disabled={disabled}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        // The browser then refuses to submit the form, and says why.
        ref={(input) => input?.setCustomValidity(problem ?? "")}
        onChange={(event) => onChange(event.target.value)}
      />
      {problem && (
        <p id={`${id}-problem`} className={ui.fieldError} data-testid={`${testId}-problem`}>
          {problem.charAt(0).toUpperCase() + problem.slice(1)}.
        </p>
      )}
    </div>
  );
}
