export { QuestionService } from "./question-service.ts";
export { suggestedQuestion } from "./suggest.ts";
export { promptView, stageInfo } from "./views.ts";
export { createQuestionsFeature } from "./feature.ts";
