package org.chorus.server.http;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty's plain HTTP connector, with end points that can send a file region with sendfile ({@link SendfileEndPoint}). */
public final class SendfileConnector extends ServerConnector {
    public SendfileConnector(Server server, HttpConfiguration config, String host, int port) {
        super(server, new HttpConnectionFactory(config));
        setHost(host);
        setPort(port);
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        SendfileEndPoint endPoint = new SendfileEndPoint(channel, selector, key, getScheduler());
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
    }
}
