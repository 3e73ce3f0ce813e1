export function quietSdkNodeNotice(): void;
