export { FindPartnerCard } from "./FindPartnerCard.tsx";
