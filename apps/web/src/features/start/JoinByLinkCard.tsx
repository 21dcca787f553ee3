import { useId, useState, type FormEvent } from "react";
import { navigate, roomPath } from "../../shared/router.ts";
import clsx from "clsx";
import ui from "../../shared/ui/ui.module.css";

export function JoinByLinkCard() {
  const ids = useId();
  const [text, setText] = useState("");
  const [invalid, setInvalid] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Reading an invite checks the room id with the protocol's schema, which the start page loads only when needed.
    const { parseInvite } = await import("../../shared/invite.ts");
    const roomId = parseInvite(text);
    if (!roomId) return setInvalid(true);
    navigate(roomPath(roomId));
  }

  return (
    <section className={ui.card} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>Join with a link</h2>
      <p className={ui.muted}>Got an invite? Paste the link (or the room id) here.</p>
      <form className={ui.form} onSubmit={(event) => void submit(event)}>
        <div className={ui.field}>
          <label htmlFor={`${ids}-link`}>Invite link or room id</label>
          <input
            id={`${ids}-link`}
            data-testid="join-link-input"
            type="text"
            inputMode="url"
            autoComplete="off"
            placeholder="https://…/r/…"
            value={text}
            aria-invalid={invalid}
            aria-describedby={invalid ? `${ids}-invalid` : undefined}
            onChange={(event) => {
              setText(event.target.value);
              setInvalid(false);
            }}
          />
          {invalid && (
            <p id={`${ids}-invalid`} className={ui.fieldError}>
              That does not look like a mockloop invite link.
            </p>
          )}
        </div>
        <button type="submit" className={clsx(ui.button, ui.secondary)} data-testid="join-link-button" disabled={text.trim() === ""}>
          Open room
        </button>
      </form>
    </section>
  );
}
