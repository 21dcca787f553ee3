export { CallService } from "./call-service.ts";
export { iceConfigFor, iceSettingsFrom, turnCredential, type IceSettings, type TurnCredential } from "./ice-config.ts";
export { createCallFeature } from "./feature.ts";
