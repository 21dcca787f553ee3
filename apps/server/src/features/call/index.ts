export { CallService } from "./call-service.ts";
export { iceConfigFor, iceSettingsFrom, turnCredential, type IceSettings, type TurnCredential } from "./ice-config.ts";
export { createSignalLimiter, defaultSignalLimits, type SignalLimits } from "./signal-limiter.ts";
export { createCallFeature } from "./feature.ts";
