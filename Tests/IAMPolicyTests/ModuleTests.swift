import Testing

@testable import IAMPolicy
