import { useSyncExternalStore } from "react";

/** A tiny history-API router: the path is external state, `navigate` changes it, `useRoute` reads it. */

const NAVIGATE_EVENT = "mockloop:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function currentPath(): string {
  return window.location.pathname;
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export type Route =
  | { page: "start" }
  | { page: "room"; roomId: string }
  | { page: "scorecard"; roomId: string }
  | { page: "debrief"; roomId: string }
  | { page: "not-found" };

/** Maps a path to a page. Room ids are checked by the pages themselves, so a bad one gets a helpful message. */
export function matchRoute(path: string): Route {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  if (trimmed === "/") return { page: "start" };
  const room = /^\/r\/([^/]+)$/.exec(trimmed);
  if (room?.[1]) return { page: "room", roomId: decodeURIComponent(room[1]) };
  const scorecard = /^\/r\/([^/]+)\/scorecard$/.exec(trimmed);
  if (scorecard?.[1]) return { page: "scorecard", roomId: decodeURIComponent(scorecard[1]) };
  const debrief = /^\/r\/([^/]+)\/debrief$/.exec(trimmed);
  if (debrief?.[1]) return { page: "debrief", roomId: decodeURIComponent(debrief[1]) };
  return { page: "not-found" };
}

export function roomPath(roomId: string): string {
  return `/r/${encodeURIComponent(roomId)}`;
}

export function scorecardPath(roomId: string): string {
  return `${roomPath(roomId)}/scorecard`;
}

export function debriefPath(roomId: string): string {
  return `${roomPath(roomId)}/debrief`;
}
