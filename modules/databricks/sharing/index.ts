/** Collaboration: Delta Sharing shares and recipients, clean rooms and the Marketplace (re-exports only). */
export * from "./clean-room";
export * from "./delta-share";
export * from "./marketplace-admin-role";
export * from "./marketplace-listing";
export * from "./share-recipient";
