// Type declarations of cdktf's jest matchers for every test file (test/setup.ts registers them at run time).
import "cdktf/lib/testing/adapters/jest";
