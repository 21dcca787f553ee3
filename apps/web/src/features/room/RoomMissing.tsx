import { Link } from "../../shared/ui/Link.tsx";

export function RoomMissing() {
  return (
    <section className="card narrow">
      <h1>Room not found</h1>
      <p>This room does not exist or has expired. Check the link, or start a new room.</p>
      <Link className="button primary" href="/">
        Start a room
      </Link>
    </section>
  );
}
