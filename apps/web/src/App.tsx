import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import clsx from "clsx";
import { Suspense, useState } from "react";
import { DebriefPage, ScorecardPage } from "./features/debrief/index.ts";
import { RoomPage, RoomSessionsProvider } from "./features/room/index.ts";
import { StartPage } from "./features/start/index.ts";
import { matchRoute, usePath } from "./shared/router.ts";
import { Link } from "./shared/ui/Link.tsx";
import ui from "./shared/ui/ui.module.css";
import styles from "./App.module.css";

/**
 * Fetch functions resolve to typed errors the pages show at once, so nothing is retried behind their back, and
 * data is read again when a page mounts, as before, not when the window regains focus.
 */
function newQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false } } });
}

export function App() {
  const [queryClient] = useState(newQueryClient);
  const route = matchRoute(usePath());
  return (
    <QueryClientProvider client={queryClient}>
      <RoomSessionsProvider>
        {/* "site-header" names the header for the browser tests. */}
        <header className={clsx(styles.siteHeader, "site-header")}>
          <div className={styles.siteHeaderInner}>
            <Link className={styles.brand} href="/">
              mockloop
            </Link>
            <span className={styles.tagline}>live peer mock interviews</span>
          </div>
        </header>
        <main className={styles.page}>
          {route.page === "start" && <StartPage />}
          {route.page === "room" && (
            <Suspense fallback={<Loading text="Loading the room…" />}>
              <RoomPage key={route.roomId} roomId={route.roomId} />
            </Suspense>
          )}
          {route.page === "scorecard" && (
            <Suspense fallback={<Loading text="Loading the scorecard…" />}>
              <ScorecardPage key={route.roomId} roomId={route.roomId} />
            </Suspense>
          )}
          {route.page === "debrief" && (
            <Suspense fallback={<Loading text="Loading the debrief…" />}>
              <DebriefPage key={route.roomId} roomId={route.roomId} />
            </Suspense>
          )}
          {route.page === "not-found" && (
            <section className={clsx(ui.card, ui.narrow)}>
              <h1>Page not found</h1>
              <p>
                There is nothing at this address. <Link href="/">Start a mock interview</Link>.
              </p>
            </section>
          )}
        </main>
      </RoomSessionsProvider>
    </QueryClientProvider>
  );
}

/** While a page's code loads: the words the page itself shows while it loads its data. */
function Loading({ text }: { text: string }) {
  return <p className={clsx(ui.card, ui.narrow, ui.muted)}>{text}</p>;
}
