import Hummingbird
import NIOCore

/// The request context of the stand-in: Hummingbird's basics plus the connection, so that a
/// fault can drop it.
struct FakeRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
