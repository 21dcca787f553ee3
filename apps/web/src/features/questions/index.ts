export { InterviewerQuestion, PromptCard } from "./CurrentQuestion.tsx";
export { QuestionList } from "./QuestionList.tsx";
export { questionBankQuery } from "./queries.ts";
