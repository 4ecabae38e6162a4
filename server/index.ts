import { configOrExit, exitOnStartFailure, runServer } from './main';

runServer(configOrExit()).catch(exitOnStartFailure);
