package dev.parley.server.flows;

import dev.parley.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * The API flows of the OpenAPI document (META-INF/openapi.yaml, served at /openapi) against a real
 * server over HTTP, one nested suite per concern. A subclass per database says only how a server
 * starts ({@link #start}); everything else is shared, so SQLite and PostgreSQL keep the same promises.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractApiFlowTest implements Servers {

    private TestServer shared;

    /** A server on an empty database of this suite's kind, with {@code settings} overriding the defaults. */
    @Override
    public abstract TestServer start(Map<String, String> settings);

    @Override
    public TestServer shared() {
        return shared;
    }

    @BeforeAll
    void startSharedServer() {
        shared = start(Map.of());
    }

    @AfterAll
    void stopSharedServer() {
        if (shared != null) {
            shared.close();
        }
    }

    @Nested
    class Accounts extends AccountFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class Tokens extends TokenFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class BearerTokens extends BearerTokenFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class Sessions extends SessionFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class Messages extends MessageFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class MessageEdits extends MessageEditFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class MessageEditStreams extends MessageEditStreamFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class History extends HistoryFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class Search extends SearchFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class SearchQueries extends SearchQueryFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class Errors extends ErrorFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class DocsAndOperations extends DocsAndOperationsFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class Members extends MemberFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class ReadMarkers extends ReadMarkerFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class Events extends EventFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class EventResume extends EventResumeFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class StalledStreams extends StalledStreamFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class StreamTickets extends StreamTicketFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class DocumentedStatuses extends DocumentedStatusFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }

    @Nested
    class AuthorizationMatrix extends AuthorizationMatrixFlows {
        @Override
        protected Servers servers() {
            return AbstractApiFlowTest.this;
        }
    }
}
