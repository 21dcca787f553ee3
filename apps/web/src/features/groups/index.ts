export { RoundsPanel } from "./RoundsPanel.tsx";
