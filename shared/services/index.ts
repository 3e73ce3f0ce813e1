export { assembleServices, type ServiceParts, type Services } from "./services";
