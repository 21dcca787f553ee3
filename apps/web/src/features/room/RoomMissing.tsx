import { Link } from "../../shared/ui/Link.tsx";
import ui from "../../shared/ui/ui.module.css";
import clsx from "clsx";

export function RoomMissing() {
  return (
    <section className={clsx(ui.card, ui.narrow)}>
      <h1>Room not found</h1>
      <p>This room does not exist or has expired. Check the link, or start a new room.</p>
      <Link className={clsx(ui.button, ui.primary)} href="/">
        Start a room
      </Link>
    </section>
  );
}
