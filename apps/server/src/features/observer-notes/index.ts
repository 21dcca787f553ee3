export { ObserverNotesService } from "./observer-notes-service.ts";
export { sharedNotesView } from "./views.ts";
export { createObserverNotesFeature } from "./feature.ts";
