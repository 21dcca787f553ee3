export { groupKind } from "./group-kind.ts";
export { groupSize } from "./group-rules.ts";
export { planRotation, type RotationOptions } from "./rotation.ts";
export { groupView } from "./views.ts";
export { GroupService } from "./group-service.ts";
export { createGroupsFeature } from "./feature.ts";
