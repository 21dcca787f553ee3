import type { StageInfo } from "@mockloop/protocol";
import { stageMinutes } from "@mockloop/questions/model";

/** A room's stage length, from its segments. `stageMinutes` takes a whole Stage, which a StageInfo holds under other names. */
export function stageInfoMinutes(stage: StageInfo): number {
  return stageMinutes({ id: stage.stageId, name: stage.stageName, description: stage.description, segments: stage.segments, competencies: stage.competencies });
}
