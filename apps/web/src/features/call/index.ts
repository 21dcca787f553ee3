export { CallPanel, type CallPanelProps } from "./CallPanel.tsx";
