export { Timer, type SegmentEndedNotice } from "./Timer.tsx";
export { TimerControls } from "./TimerControls.tsx";
