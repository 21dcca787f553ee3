import { lazy } from "react";

/** The read-only pages after a round load on their own, like the room. */
export const ScorecardPage = lazy(() => import("./ScorecardPage.tsx").then((module) => ({ default: module.ScorecardPage })));
export const DebriefPage = lazy(() => import("./DebriefPage.tsx").then((module) => ({ default: module.DebriefPage })));
