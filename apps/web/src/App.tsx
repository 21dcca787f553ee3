import { Link } from "./components/Link.tsx";
import { DebriefPage } from "./pages/DebriefPage.tsx";
import { RoomPage } from "./pages/RoomPage.tsx";
import { ScorecardPage } from "./pages/ScorecardPage.tsx";
import { StartPage } from "./pages/StartPage.tsx";
import { matchRoute, usePath } from "./router.ts";

export function App() {
  const route = matchRoute(usePath());
  return (
    <>
      <header className="site-header">
        <div className="site-header-inner">
          <Link className="brand" href="/">
            mockloop
          </Link>
          <span className="tagline">live peer mock interviews</span>
        </div>
      </header>
      <main className="page">
        {route.page === "start" && <StartPage />}
        {route.page === "room" && <RoomPage key={route.roomId} roomId={route.roomId} />}
        {route.page === "scorecard" && <ScorecardPage key={route.roomId} roomId={route.roomId} />}
        {route.page === "debrief" && <DebriefPage key={route.roomId} roomId={route.roomId} />}
        {route.page === "not-found" && (
          <section className="card narrow">
            <h1>Page not found</h1>
            <p>
              There is nothing at this address. <Link href="/">Start a mock interview</Link>.
            </p>
          </section>
        )}
      </main>
    </>
  );
}
