export { AcmCertificateReader, ALL_KEY_TYPES } from "./acm-certificate-reader";
export { type AwsClientOptions, CallCounter, createAcmClient, createKmsClient } from "./clients";
export { KmsKeyReader } from "./kms-key-reader";
